/** The Dutch texts of a credit note's refund ("terugbetaling"). */
export const nlBillingRefund = {
  owed: 'Terug te betalen',
  refunded: 'Terugbetaald',
  /** Under the amount in the list's "Openstaand" column. */
  owedShort: 'terug te betalen',
  owedHelp: (amount: string) =>
    `De gecrediteerde nota was al betaald. U moet de cliënt ${amount} terugbetalen. Leg vast wanneer en hoe u dat deed.`,
  record: 'Terugbetaling vastleggen',
  date: 'Terugbetaald op',
  method: 'Terugbetaald via',
  done: 'De terugbetaling is vastgelegd.',
  refundedOn: (date: string, method: string) => `Terugbetaald op ${date} (${method}).`,
  totalOwed: 'Terug te betalen',
  totalOwedCount: (n: number) => (n === 1 ? '1 creditnota nog niet terugbetaald' : `${n} creditnota’s nog niet terugbetaald`),
};
