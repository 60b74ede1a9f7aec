/** Lists the generator draws from: names, places, carriers and the CDT procedures a general practice bills. */

export const FIRST_NAMES_F = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Laura", "Cynthia", "Amy", "Angela", "Emma", "Olivia", "Sophia", "Isabella", "Mia", "Chloe", "Grace", "Zoe", "Lucia", "Ana", "Maria", "Mei", "Priya", "Aisha", "Zoë", "Chloé", "Renée"];
export const FIRST_NAMES_M = ["James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas", "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Paul", "Andrew", "Joshua", "Kevin", "Brian", "George", "Timothy", "Ryan", "Jacob", "Ethan", "Noah", "Liam", "Lucas", "Mason", "Carlos", "Luis", "Wei", "Arjun", "Omar", "Hiroshi", "Jamal", "Diego", "José", "Andrés"];
export const LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "O'Brien", "McAllister", "Van Der Berg", "Patel", "Kim", "Chen", "Okafor", "Kowalski", "Schmidt", "Rossi", "Peña", "Nuñez", "Müller"];
export const STREETS = ["Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd", "Lakeview Dr", "Park Ave", "Sunset Blvd", "Highland Ave", "Church St", "Mill Rd", "River Rd", "Forest Ave", "Jefferson St", "Lincoln Way", "Madison Ave", "Willow Ct", "Birch Rd"];
export const CITIES: { city: string; state: string; zip3: string; area: string }[] = [
  { city: "Springfield", state: "IL", zip3: "627", area: "217" },
  { city: "Naperville", state: "IL", zip3: "605", area: "630" },
  { city: "Columbus", state: "OH", zip3: "432", area: "614" },
  { city: "Dublin", state: "OH", zip3: "430", area: "614" },
  { city: "Madison", state: "WI", zip3: "537", area: "608" },
  { city: "Ann Arbor", state: "MI", zip3: "481", area: "734" },
  { city: "Fort Wayne", state: "IN", zip3: "468", area: "260" },
  { city: "Des Moines", state: "IA", zip3: "503", area: "515" },
];
export const PRACTICE_NAMES = ["Bright Smiles Dental Group", "Lakeside Family Dentistry", "Prairie Oak Dental", "Riverbend Dental Care"];
export const PRACTICE_TYPES = ["General Dentistry", "Pediatric Dentistry", "Orthodontics", "Periodontics", "Oral Surgery"];
export const CARRIERS = ["Delta Dental", "MetLife", "Cigna Dental", "Aetna Dental", "Guardian", "United Concordia", "Humana Dental", "Ameritas"];
export const PHARMACIES = ["CVS Pharmacy #4410", "Walgreens - Main St", "Meijer Pharmacy", "Kroger Pharmacy", "Hy-Vee Pharmacy", "Costco Pharmacy"];

/** CDT procedures with a description, a typical fee in cents, and whether they name a tooth and surfaces. */
export const PROCEDURES: { code: string; description: string; fee: number; tooth: boolean; surface: boolean; category: "preventive" | "basic" | "major" }[] = [
  { code: "D0120", description: "Periodic oral evaluation - established patient", fee: 6500, tooth: false, surface: false, category: "preventive" },
  { code: "D0150", description: "Comprehensive oral evaluation - new or established patient", fee: 11000, tooth: false, surface: false, category: "preventive" },
  { code: "D0210", description: "Intraoral - comprehensive series of radiographic images", fee: 15000, tooth: false, surface: false, category: "preventive" },
  { code: "D0274", description: "Bitewings - four radiographic images", fee: 7500, tooth: false, surface: false, category: "preventive" },
  { code: "D1110", description: "Prophylaxis - adult", fee: 11500, tooth: false, surface: false, category: "preventive" },
  { code: "D1120", description: "Prophylaxis - child", fee: 8000, tooth: false, surface: false, category: "preventive" },
  { code: "D1206", description: "Topical application of fluoride varnish", fee: 4500, tooth: false, surface: false, category: "preventive" },
  { code: "D1351", description: "Sealant - per tooth", fee: 5500, tooth: true, surface: false, category: "preventive" },
  { code: "D2140", description: "Amalgam - one surface, primary or permanent", fee: 14000, tooth: true, surface: true, category: "basic" },
  { code: "D2330", description: "Resin-based composite - one surface, anterior", fee: 16500, tooth: true, surface: true, category: "basic" },
  { code: "D2392", description: "Resin-based composite - two surfaces, posterior", fee: 23500, tooth: true, surface: true, category: "basic" },
  { code: "D2393", description: "Resin-based composite - three surfaces, posterior", fee: 28500, tooth: true, surface: true, category: "basic" },
  { code: "D2740", description: "Crown - porcelain/ceramic", fee: 125000, tooth: true, surface: false, category: "major" },
  { code: "D2950", description: "Core buildup, including any pins when required", fee: 27500, tooth: true, surface: false, category: "major" },
  { code: "D3330", description: "Endodontic therapy, molar tooth (excluding final restoration)", fee: 115000, tooth: true, surface: false, category: "major" },
  { code: "D4341", description: "Periodontal scaling and root planing - four or more teeth per quadrant", fee: 26000, tooth: false, surface: false, category: "basic" },
  { code: "D4910", description: "Periodontal maintenance", fee: 15500, tooth: false, surface: false, category: "basic" },
  { code: "D7140", description: "Extraction, erupted tooth or exposed root", fee: 19500, tooth: true, surface: false, category: "basic" },
  { code: "D7210", description: "Extraction, erupted tooth requiring removal of bone and/or sectioning", fee: 32000, tooth: true, surface: false, category: "major" },
];
