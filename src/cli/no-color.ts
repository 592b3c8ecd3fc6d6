/**
 * NO_COLOR (https://no-color.org): a set, non-empty NO_COLOR turns every colour and text
 * attribute off. chalk, which ink draws with, reads FORCE_COLOR and not NO_COLOR, and decides
 * once when it loads: this module is imported before ink so that FORCE_COLOR=0 is in place.
 * The cockpit stays readable without colour: selection and focus carry a '>' mark.
 */
const noColor = process.env['NO_COLOR'];
if (noColor !== undefined && noColor !== '' && process.env['FORCE_COLOR'] === undefined) {
  process.env['FORCE_COLOR'] = '0';
}
export {};
