/**
 * Country → sales region (continent level), for datasets that give a country but no region.
 *
 * The regions are the continents of the UN M49 geoscheme, with three choices of the project's:
 * - the Americas are split into North America (M49 Northern America, Central America and the Caribbean) and
 *   South America (M49 South America, with its South Atlantic islands: Falklands, South Georgia, Bouvet);
 * - Middle East = M49 Western Asia less Cyprus (Europe: an EU member) and the Caucasus (Armenia, Azerbaijan,
 *   Georgia: Asia), plus Iran; Egypt stays in Africa;
 * - Antarctica is a region of its own (Shop Smart records customers there).
 * Territories go where M49 puts them (Réunion, Mayotte, Saint Helena, the British Indian Ocean Territory and
 * the French Southern Territories in Africa; Christmas, Cocos, Norfolk, Heard and the US Minor Outlying Islands
 * in Oceania; Greenland, Bermuda and Saint Pierre and Miquelon in North America).
 *
 * Names are matched after trimming, collapsing spaces and lowercasing, so "United Kingdom" and " united  kingdom"
 * are one country. Every spelling of the stores in ../shared/data is listed (UCI's "EIRE", "RSA", "USA",
 * "Channel Islands", "European Community", "West Indies"; Shop Smart's Faker list of 243 names such as
 * "Slovakia (Slovak Republic)" or "Libyan Arab Jamahiriya"), with common alternatives. A country the table
 * does not list, or a placeholder that names no place (UCI's "Unspecified"), has an unknown region: null,
 * never a made-up bucket such as "Other".
 */
import pl from "nodejs-polars";

/** The regions a country can map to, in display order. */
export const REGIONS = ["Africa", "Antarctica", "Asia", "Europe", "Middle East", "North America", "Oceania", "South America"] as const;
export type Region = (typeof REGIONS)[number];

/** The countries (and territories) of each region, as the sources spell them; alternative spellings included. */
export const REGION_COUNTRIES: Readonly<Record<Region, readonly string[]>> = {
  Africa: [
    "Algeria", "Angola", "Benin", "Botswana", "British Indian Ocean Territory (Chagos Archipelago)",
    "British Indian Ocean Territory", "Burkina Faso", "Burundi", "Cameroon", "Cape Verde", "Cabo Verde",
    "Central African Republic", "Chad", "Comoros", "Congo", "Republic of the Congo", "Democratic Republic of the Congo",
    "DR Congo", "Cote d'Ivoire", "Côte d'Ivoire", "Ivory Coast", "Djibouti", "Egypt", "Equatorial Guinea", "Eritrea",
    "Eswatini", "Swaziland", "Ethiopia", "French Southern Territories", "Gabon", "Gambia", "Ghana", "Guinea",
    "Guinea-Bissau", "Kenya", "Lesotho", "Liberia", "Libya", "Libyan Arab Jamahiriya", "Madagascar", "Malawi",
    "Mali", "Mauritania", "Mauritius", "Mayotte", "Morocco", "Mozambique", "Namibia", "Niger", "Nigeria",
    "Reunion", "Réunion", "Rwanda", "Saint Helena", "Sao Tome and Principe", "Senegal", "Seychelles",
    "Sierra Leone", "Somalia", "South Africa", "RSA", "South Sudan", "Sudan", "Tanzania", "Togo", "Tunisia",
    "Uganda", "Western Sahara", "Zambia", "Zimbabwe",
  ],
  Antarctica: ["Antarctica", "Antarctica (the territory South of 60 deg S)"],
  Asia: [
    "Afghanistan", "Armenia", "Azerbaijan", "Bangladesh", "Bhutan", "Brunei", "Brunei Darussalam", "Cambodia",
    "China", "Georgia", "Hong Kong", "India", "Indonesia", "Japan", "Kazakhstan", "Korea", "South Korea",
    "Republic of Korea", "North Korea", "Kyrgyzstan", "Kyrgyz Republic", "Laos", "Lao People's Democratic Republic",
    "Macao", "Macau", "Malaysia", "Maldives", "Mongolia", "Myanmar", "Nepal", "Pakistan", "Philippines",
    "Singapore", "Sri Lanka", "Taiwan", "Tajikistan", "Thailand", "Timor-Leste", "East Timor", "Turkmenistan",
    "Uzbekistan", "Vietnam", "Viet Nam",
  ],
  Europe: [
    "Albania", "Andorra", "Austria", "Belarus", "Belgium", "Bosnia and Herzegovina", "Bulgaria", "Channel Islands",
    "Croatia", "Cyprus", "Czech Republic", "Czechia", "Denmark", "EIRE", "Estonia", "European Community",
    "Faroe Islands", "Finland", "France", "Germany", "Gibraltar", "Greece", "Guernsey",
    "Holy See (Vatican City State)", "Vatican City", "Hungary", "Iceland", "Ireland", "Isle of Man", "Italy",
    "Jersey", "Kosovo", "Latvia", "Liechtenstein", "Lithuania", "Luxembourg", "Malta", "Moldova", "Monaco",
    "Montenegro", "Netherlands", "North Macedonia", "Macedonia", "Norway", "Poland", "Portugal", "Romania",
    "Russian Federation", "Russia", "San Marino", "Serbia", "Slovakia", "Slovakia (Slovak Republic)", "Slovenia",
    "Spain", "Svalbard & Jan Mayen Islands", "Svalbard and Jan Mayen", "Sweden", "Switzerland", "Ukraine",
    "United Kingdom", "UK",
  ],
  "Middle East": [
    "Bahrain", "Iran", "Iraq", "Israel", "Jordan", "Kuwait", "Lebanon", "Oman", "Palestinian Territory", "Palestine",
    "Qatar", "Saudi Arabia", "Syria", "Syrian Arab Republic", "Turkey", "Türkiye", "United Arab Emirates", "UAE",
    "Yemen",
  ],
  "North America": [
    "Anguilla", "Antigua and Barbuda", "Aruba", "Bahamas", "Barbados", "Belize", "Bermuda", "British Virgin Islands",
    "Canada", "Cayman Islands", "Costa Rica", "Cuba", "Curacao", "Curaçao", "Dominica", "Dominican Republic",
    "El Salvador", "Greenland", "Grenada", "Guadeloupe", "Guatemala", "Haiti", "Honduras", "Jamaica", "Martinique",
    "Mexico", "Montserrat", "Netherlands Antilles", "Nicaragua", "Panama", "Puerto Rico", "Saint Barthelemy",
    "Saint Kitts and Nevis", "Saint Lucia", "Saint Martin", "Sint Maarten", "Saint Pierre and Miquelon",
    "Saint Vincent and the Grenadines", "Trinidad and Tobago", "Turks and Caicos Islands", "United States",
    "United States of America", "USA", "United States Virgin Islands", "West Indies",
  ],
  Oceania: [
    "American Samoa", "Australia", "Christmas Island", "Cocos (Keeling) Islands", "Cook Islands", "Fiji",
    "French Polynesia", "Guam", "Heard Island and McDonald Islands", "Kiribati", "Marshall Islands", "Micronesia",
    "Nauru", "New Caledonia", "New Zealand", "Niue", "Norfolk Island", "Northern Mariana Islands", "Palau",
    "Papua New Guinea", "Pitcairn Islands", "Samoa", "Solomon Islands", "Tokelau", "Tonga", "Tuvalu",
    "United States Minor Outlying Islands", "Vanuatu", "Wallis and Futuna",
  ],
  "South America": [
    "Argentina", "Bolivia", "Bouvet Island (Bouvetoya)", "Bouvet Island", "Brazil", "Chile", "Colombia", "Ecuador",
    "Falkland Islands (Malvinas)", "Falkland Islands", "French Guiana", "Guyana", "Paraguay", "Peru",
    "South Georgia and the South Sandwich Islands", "Suriname", "Uruguay", "Venezuela",
  ],
};

/**
 * Values that name no place (the source's way of saying the country is not recorded): their region is
 * unknown (null), like an empty cell.
 */
export const UNPLACEABLE_COUNTRIES: readonly string[] = ["Unspecified", "Unknown"];

/** The lookup key of a country name: trimmed, runs of spaces collapsed, lowercased. */
export function countryKey(country: string): string {
  return country.trim().replace(/\s+/g, " ").toLowerCase();
}

/** Region of each listed country, by `countryKey` (built from REGION_COUNTRIES; a name listed twice throws). */
export const COUNTRY_REGIONS: ReadonlyMap<string, Region> = (() => {
  const m = new Map<string, Region>();
  for (const region of REGIONS) {
    for (const name of REGION_COUNTRIES[region]) {
      const k = countryKey(name);
      if (m.has(k)) throw new Error(`regions.ts: "${name}" is listed under ${m.get(k)} and ${region}`);
      m.set(k, region);
    }
  }
  return m;
})();

/** The region of `country` (see the module comment), or null when it is unknown: not listed, or a placeholder. */
export function regionOf(country: string | null | undefined): Region | null {
  if (country == null) return null;
  return COUNTRY_REGIONS.get(countryKey(country)) ?? null;
}

/**
 * The region of every value of a Utf8 `countries` series (same length and order; null where `regionOf` is null),
 * named `region`. Looks up each distinct country once, then joins: no per-row work in JavaScript.
 */
export function regionSeries(countries: pl.Series): pl.Series {
  const input = pl.DataFrame({ country: countries.cast(pl.Utf8) });
  const distinct = input.getColumn("country").unique().dropNulls().toArray() as string[];
  const lookup = pl.DataFrame({
    country: pl.Series("country", distinct, pl.Utf8),
    region: pl.Series("region", distinct.map((c) => regionOf(c)), pl.Utf8),
  });
  return input.join(lookup, { on: "country", how: "left" }).getColumn("region").cast(pl.Utf8).alias("region");
}
