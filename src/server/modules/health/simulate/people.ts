/**
 * Names for simulated members: first and last names from many places, combined without repeats
 * inside one community so that a finding's names read as real people and a test can look a
 * person up by name.
 */

const firstNames = [
  'Adaeze',
  'Anneli',
  'Arjun',
  'Beatriz',
  'Birgit',
  'Carlos',
  'Chiara',
  'Dawit',
  'Delphine',
  'Emeka',
  'Eun-ji',
  'Fatima',
  'Finn',
  'Gabriela',
  'Goran',
  'Hamid',
  'Helena',
  'Imani',
  'Isak',
  'Jiho',
  'Joana',
  'Kaito',
  'Keira',
  'Lena',
  'Lucas',
  'Malik',
  'Marisol',
  'Mei',
  'Miguel',
  'Naledi',
  'Noor',
  'Olu',
  'Paula',
  'Rafael',
  'Rania',
  'Ruth',
  'Sanna',
  'Sebastián',
  'Selin',
  'Tariq',
  'Teresa',
  'Tobias',
  'Valentina',
  'Wiremu',
  'Yasmin',
  'Yusuf',
  'Zeynep',
  'Zoltan',
];

const lastNames = [
  'Achebe',
  'Almeida',
  'Arslan',
  'Bakker',
  'Bianchi',
  'Chowdhury',
  'Delgado',
  'Demir',
  'Diallo',
  'Engström',
  'Esposito',
  'Figueroa',
  'Gallagher',
  'Hansen',
  'Hoang',
  'Ibrahim',
  'Jensen',
  'Kamau',
  'Kowalska',
  'Lindqvist',
  'Mahlangu',
  'Moreau',
  'Mwangi',
  'Ndlovu',
  'Novak',
  'Ogunleye',
  'Oliveira',
  'Park',
  'Popescu',
  'Ramírez',
  'Sato',
  'Sharma',
  'Silva',
  'Sokolov',
  'Suzuki',
  'Takahashi',
  'Tembo',
  'Varga',
  'Vogel',
  'Walsh',
  'Watanabe',
  'Zhang',
];

export const timeZones = [
  'Europe/Berlin',
  'Europe/Lisbon',
  'Europe/Helsinki',
  'Africa/Nairobi',
  'Africa/Lagos',
  'Africa/Johannesburg',
  'America/Toronto',
  'America/Mexico_City',
  'America/Bogota',
  'Asia/Kolkata',
  'Asia/Seoul',
  'Pacific/Auckland',
];

/** `count` different names, in the order the random source gives them. */
export function uniqueNames(next: () => number, count: number): string[] {
  const names = new Set<string>();
  const combinations = firstNames.length * lastNames.length;
  if (count > combinations) throw new Error(`At most ${combinations} simulated people per community`);
  while (names.size < count) {
    const first = firstNames[Math.floor(next() * firstNames.length)];
    const last = lastNames[Math.floor(next() * lastNames.length)];
    names.add(`${first} ${last}`);
  }
  return [...names];
}

/** An address for a simulated person: unique per community, in a domain nobody receives mail at. */
export function emailFor(name: string, slug: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local}@${slug}.sim.commonplace.test`;
}
