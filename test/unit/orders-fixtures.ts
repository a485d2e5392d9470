// Shared order bodies for the order unit tests (design §4 body).
export const activationBody = () =>
  ({
    form: 'BSNA',
    category: 'activation',
    requestedDate: '2026-03-10',
    address: { street: 'Ilica', number: '12', city: 'Zagreb', county: 'Grad Zagreb', flat: '3', floor: '1' },
    contact: { name: 'Ana Horvat', phone: '+385 1 2345 678' },
    ownerInstallsHome: false,
    ontSerial: 'ZTEG1A2B3C4D',
    accessLevel: 'regional',
    services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    forced: false,
  }) as Record<string, unknown>;
