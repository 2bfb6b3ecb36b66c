/** The demo units' document symbols ("12-QĐ/TĐTN-VP", "3-GGT/ĐTĐ"), as their offices write them. */
export const demoUnitSymbols: Record<string, string> = {
  dn: 'TĐTN-VP',
  tradoc: 'ĐTĐ',
  tramy: 'ĐTM',
  hoachau: 'ĐHC',
};
