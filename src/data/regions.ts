/** Country → sales region (continent-level), for datasets that give a country but no region. */

/** Region of each known country name (as spelled in the UCI data and the synthetic store). */
export const COUNTRY_REGIONS: Readonly<Record<string, string>> = {
  "United Kingdom": "Europe", "EIRE": "Europe", "Ireland": "Europe", "France": "Europe", "Germany": "Europe",
  "Spain": "Europe", "Portugal": "Europe", "Italy": "Europe", "Netherlands": "Europe", "Belgium": "Europe",
  "Switzerland": "Europe", "Austria": "Europe", "Norway": "Europe", "Sweden": "Europe", "Finland": "Europe",
  "Denmark": "Europe", "Iceland": "Europe", "Poland": "Europe", "Czech Republic": "Europe", "Greece": "Europe",
  "Cyprus": "Europe", "Malta": "Europe", "Lithuania": "Europe", "Channel Islands": "Europe",
  "European Community": "Europe", "Unspecified": "Unknown",
  "USA": "North America", "United States": "North America", "United States of America": "North America",
  "Canada": "North America", "Mexico": "North America",
  "Brazil": "South America", "Argentina": "South America", "Chile": "South America", "Colombia": "South America",
  "Japan": "Asia", "Singapore": "Asia", "Hong Kong": "Asia", "Korea": "Asia", "South Korea": "Asia", "India": "Asia",
  "China": "Asia", "Thailand": "Asia", "Indonesia": "Asia", "Vietnam": "Asia",
  "Israel": "Middle East", "Lebanon": "Middle East", "Saudi Arabia": "Middle East", "United Arab Emirates": "Middle East",
  "Bahrain": "Middle East", "Turkey": "Middle East",
  "RSA": "Africa", "South Africa": "Africa", "Nigeria": "Africa", "Kenya": "Africa", "Egypt": "Africa",
  "Morocco": "Africa", "West Indies": "North America",
  "Australia": "Oceania", "New Zealand": "Oceania",
};

/** The region of `country` (trimmed, exact spelling), or "Other" when unknown. */
export function regionOf(country: string): string {
  return COUNTRY_REGIONS[country.trim()] ?? "Other";
}
