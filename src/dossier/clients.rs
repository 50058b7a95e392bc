//! Clients and their legal representatives. Editing personalia is an administrative change: it moves
//! `updated_at` but not `last_substantive_change`, so an address change does not restart the WGBO clock.

use super::validate::{self, Checks};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ClientStatus {
    /// Had contact but never became a client (2-year retention).
    Prospect,
    #[default]
    Active,
    Closed,
}

impl ClientStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientStatus::Prospect => "prospect",
            ClientStatus::Active => "active",
            ClientStatus::Closed => "closed",
        }
    }
    fn parse(s: &str) -> ClientStatus {
        match s {
            "prospect" => ClientStatus::Prospect,
            "closed" => ClientStatus::Closed,
            _ => ClientStatus::Active,
        }
    }
}

/// What a new-client or edit form sends. Everything is text as typed; [`ClientInput::validate`] cleans it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientInput {
    pub first_names: String,
    pub call_name: String,
    pub tussenvoegsel: String,
    pub last_name: String,
    pub birth_date: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub huisarts: String,
    pub insurer: String,
    pub polisnummer: String,
    pub status: ClientStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub id: i64,
    pub client_number: String,
    pub first_names: String,
    pub call_name: String,
    pub tussenvoegsel: String,
    pub last_name: String,
    pub birth_date: NaiveDate,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
    pub huisarts: String,
    pub insurer: String,
    pub polisnummer: String,
    pub status: ClientStatus,
    pub created_at: String,
    pub updated_at: String,
    pub last_substantive_change: String,
}

impl Client {
    /// "Zoë de Vries": the call name (or first names), tussenvoegsel and last name.
    pub fn display_name(&self) -> String {
        display_name(
            &self.first_names,
            &self.call_name,
            &self.tussenvoegsel,
            &self.last_name,
        )
    }

    /// The same, from the name parts alone.
    pub fn display_name_of(
        first_names: &str,
        call_name: &str,
        tussenvoegsel: &str,
        last_name: &str,
    ) -> String {
        display_name(first_names, call_name, tussenvoegsel, last_name)
    }
}

pub(crate) fn display_name(
    first_names: &str,
    call_name: &str,
    tussenvoegsel: &str,
    last_name: &str,
) -> String {
    let first = if call_name.is_empty() {
        first_names
    } else {
        call_name
    };
    [first, tussenvoegsel, last_name]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of the client list.
#[derive(Debug, Clone, Serialize)]
pub struct ClientSummary {
    pub id: i64,
    pub client_number: String,
    pub name: String,
    pub birth_date: NaiveDate,
    pub city: String,
    pub status: ClientStatus,
    pub last_session: Option<NaiveDate>,
}

impl ClientInput {
    /// Cleans every field, or returns all field messages at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ClientInput> {
        let mut c = Checks::default();
        let first_names = c.check(validate::required(
            "first_names",
            "de voornaam",
            &self.first_names,
        ));
        let call_name = c.check(validate::optional(
            "call_name",
            "de roepnaam",
            &self.call_name,
        ));
        let tussenvoegsel = c.check(validate::optional(
            "tussenvoegsel",
            "het tussenvoegsel",
            &self.tussenvoegsel,
        ));
        let last_name = c.check(validate::required(
            "last_name",
            "de achternaam",
            &self.last_name,
        ));
        let birth_date = c.check(validate::birth_date("birth_date", &self.birth_date, today));
        let street = c.check(validate::optional("street", "de straat", &self.street));
        let house_number = c.check(validate::house_number("house_number", &self.house_number));
        let postcode = c.check(validate::postcode("postcode", &self.postcode));
        let city = c.check(validate::optional("city", "de woonplaats", &self.city));
        let email = c.check(validate::email("email", &self.email));
        let phone = c.check(validate::phone("phone", &self.phone));
        let huisarts = c.check(validate::optional(
            "huisarts",
            "de huisarts",
            &self.huisarts,
        ));
        let insurer = c.check(validate::optional(
            "insurer",
            "de zorgverzekeraar",
            &self.insurer,
        ));
        let polisnummer = c.check(validate::optional(
            "polisnummer",
            "het polisnummer",
            &self.polisnummer,
        ));
        c.finish()?;
        Ok(ClientInput {
            first_names: first_names.unwrap_or_default(),
            call_name: call_name.unwrap_or_default(),
            tussenvoegsel: tussenvoegsel.unwrap_or_default().to_lowercase(),
            last_name: last_name.unwrap_or_default(),
            birth_date: birth_date.map(|d| d.to_string()).unwrap_or_default(),
            street: street.unwrap_or_default(),
            house_number: house_number.unwrap_or_default(),
            postcode: postcode.unwrap_or_default(),
            city: city.unwrap_or_default(),
            email: email.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            huisarts: huisarts.unwrap_or_default(),
            insurer: insurer.unwrap_or_default(),
            polisnummer: polisnummer.unwrap_or_default(),
            status: self.status,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RepresentativeInput {
    pub name: String,
    /// e.g. "moeder", "vader", "voogd".
    pub relation: String,
    pub has_gezag: bool,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Representative {
    pub id: i64,
    pub client_id: i64,
    pub name: String,
    pub relation: String,
    pub has_gezag: bool,
    pub email: String,
    pub phone: String,
}

const CLIENT_COLUMNS: &str = "id, client_number, first_names, call_name, tussenvoegsel, last_name, birth_date, street, house_number, \
    postcode, city, email, phone, huisarts, insurer, polisnummer, status, created_at, updated_at, last_substantive_change";

fn client_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Client> {
    let birth: String = r.get(6)?;
    Ok(Client {
        id: r.get(0)?,
        client_number: r.get(1)?,
        first_names: r.get(2)?,
        call_name: r.get(3)?,
        tussenvoegsel: r.get(4)?,
        last_name: r.get(5)?,
        birth_date: birth.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, Box::new(e))
        })?,
        street: r.get(7)?,
        house_number: r.get(8)?,
        postcode: r.get(9)?,
        city: r.get(10)?,
        email: r.get(11)?,
        phone: r.get(12)?,
        huisarts: r.get(13)?,
        insurer: r.get(14)?,
        polisnummer: r.get(15)?,
        status: ClientStatus::parse(&r.get::<_, String>(16)?),
        created_at: r.get(17)?,
        updated_at: r.get(18)?,
        last_substantive_change: r.get(19)?,
    })
}

pub(crate) fn load_client(conn: &Connection, id: i64) -> Result<Client> {
    conn.query_row(
        &format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = ?1"),
        [id],
        client_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Deze cliënt"))
}

/// The next pseudonymous client number. A counter, never reused, so a destroyed client's number in
/// the registers cannot come to mean someone else.
fn next_client_number(conn: &Connection) -> Result<String> {
    let next: i64 = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'next_client_number'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('next_client_number', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [(next + 1).to_string()],
    )?;
    Ok(format!("K-{next:06}"))
}

/// Marks a substantive change to the dossier: the WGBO retention clock restarts.
/// Marks a dossier as worked on at `now` for "Recent bewerkt", whatever kind of note was written;
/// unlike [`touch_substantive`] it leaves the WGBO clock alone.
pub(crate) fn touch_worked(conn: &Connection, client_id: i64, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE clients SET last_worked_at = ?2 WHERE id = ?1",
        params![client_id, now],
    )?;
    Ok(())
}

pub(crate) fn touch_substantive(conn: &Connection, client_id: i64, now: &str) -> Result<()> {
    let changed = conn.execute(
        "UPDATE clients SET last_substantive_change = ?2 WHERE id = ?1",
        params![client_id, now],
    )?;
    if changed == 0 {
        return Err(Error::not_found("Deze cliënt"));
    }
    Ok(())
}

pub(crate) fn insert_client(
    conn: &Connection,
    input: &ClientInput,
    now: &str,
) -> Result<(i64, String)> {
    let number = next_client_number(conn)?;
    conn.execute(
        "INSERT INTO clients (client_number, first_names, call_name, tussenvoegsel, last_name, birth_date, street, house_number, \
         postcode, city, email, phone, huisarts, insurer, polisnummer, status, created_at, updated_at, last_substantive_change) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?17)",
        params![
            number, input.first_names, input.call_name, input.tussenvoegsel, input.last_name, input.birth_date, input.street,
            input.house_number, input.postcode, input.city, input.email, input.phone, input.huisarts, input.insurer,
            input.polisnummer, input.status.as_str(), now
        ],
    )?;
    Ok((conn.last_insert_rowid(), number))
}

impl Store {
    /// Adds a client; every field is validated first and nothing is saved when one is wrong.
    pub fn add_client(&mut self, input: &ClientInput) -> Result<i64> {
        let clean = input.validate(self.context().clock.today())?;
        let now = self.now_text();
        self.write(|tx, _| {
            let (id, number) = insert_client(tx, &clean, &now)?;
            Ok((
                id,
                vec![AuditEvent::new("client_created", "client", id).client(number)],
            ))
        })
    }

    /// Changes personalia. Administrative: the retention clock does not restart.
    pub fn update_client(&mut self, id: i64, input: &ClientInput) -> Result<()> {
        let clean = input.validate(self.context().clock.today())?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, id)?.client_number;
            tx.execute(
                "UPDATE clients SET first_names = ?2, call_name = ?3, tussenvoegsel = ?4, last_name = ?5, birth_date = ?6, street = ?7, \
                 house_number = ?8, postcode = ?9, city = ?10, email = ?11, phone = ?12, huisarts = ?13, insurer = ?14, \
                 polisnummer = ?15, status = ?16, updated_at = ?17 WHERE id = ?1",
                params![
                    id, clean.first_names, clean.call_name, clean.tussenvoegsel, clean.last_name, clean.birth_date, clean.street,
                    clean.house_number, clean.postcode, clean.city, clean.email, clean.phone, clean.huisarts, clean.insurer,
                    clean.polisnummer, clean.status.as_str(), now
                ],
            )?;
            Ok(((), vec![AuditEvent::new("client_updated", "client", id).client(number)]))
        })
    }

    /// One client's personalia (logged as a read of the dossier).
    pub fn client(&mut self, id: i64) -> Result<Client> {
        self.read_logged(|tx| {
            let client = load_client(tx, id)?;
            let event =
                AuditEvent::new("client_viewed", "client", id).client(client.client_number.clone());
            Ok((client, vec![event]))
        })
    }

    pub(crate) fn client_number(&self, id: i64) -> Result<String> {
        Ok(load_client(self.connection(), id)?.client_number)
    }

    /// The client list, alphabetical by last name, optionally only one status. Names only: opening a
    /// dossier is what gets logged.
    pub fn list_clients(&self, status: Option<ClientStatus>) -> Result<Vec<ClientSummary>> {
        let mut stmt = self.connection().prepare(
            "SELECT c.id, c.client_number, c.first_names, c.call_name, c.tussenvoegsel, c.last_name, c.birth_date, c.city, c.status, \
                    (SELECT max(s.date) FROM sessions s WHERE s.client_id = c.id AND s.status = 'held') \
             FROM clients c WHERE ?1 IS NULL OR c.status = ?1 \
             ORDER BY c.last_name COLLATE NOCASE, c.first_names COLLATE NOCASE, c.id",
        )?;
        let rows = stmt.query_map([status.map(|s| s.as_str())], |r| {
            let birth: String = r.get(6)?;
            let last: Option<String> = r.get(9)?;
            Ok(ClientSummary {
                id: r.get(0)?,
                client_number: r.get(1)?,
                name: display_name(
                    &r.get::<_, String>(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                ),
                birth_date: birth.parse().unwrap_or_default(),
                city: r.get(7)?,
                status: ClientStatus::parse(&r.get::<_, String>(8)?),
                last_session: last.and_then(|d| d.parse().ok()),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn add_representative(
        &mut self,
        client_id: i64,
        input: &RepresentativeInput,
    ) -> Result<i64> {
        let mut c = Checks::default();
        let name = c.check(validate::required(
            "name",
            "de naam van de vertegenwoordiger",
            &input.name,
        ));
        let relation = c.check(validate::optional(
            "relation",
            "de relatie",
            &input.relation,
        ));
        let email = c.check(validate::email("email", &input.email));
        let phone = c.check(validate::phone("phone", &input.phone));
        c.finish()?;
        let now = self.now_text();
        self.write(|tx, _| {
            let number = load_client(tx, client_id)?.client_number;
            tx.execute(
                "INSERT INTO representatives (client_id, name, relation, has_gezag, email, phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![client_id, name, relation, input.has_gezag, email, phone, now],
            )?;
            let id = tx.last_insert_rowid();
            Ok((id, vec![AuditEvent::new("representative_added", "representative", id).client(number)]))
        })
    }
}

pub(crate) fn load_representatives(
    conn: &Connection,
    client_id: i64,
) -> Result<Vec<Representative>> {
    let mut stmt =
        conn.prepare("SELECT id, client_id, name, relation, has_gezag, email, phone FROM representatives WHERE client_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([client_id], |r| {
        Ok(Representative {
            id: r.get(0)?,
            client_id: r.get(1)?,
            name: r.get(2)?,
            relation: r.get(3)?,
            has_gezag: r.get(4)?,
            email: r.get(5)?,
            phone: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
