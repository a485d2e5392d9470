/**
 * TypeBox schemas of the OLT registry (issue 14 item 1): what an operator sends (credentials are
 * write-only: accepted here, never in a response) and the registry's view of an OLT.
 */
import { Type } from 'typebox';

const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Fingerprint = Type.String({
  pattern: '^SHA256:[A-Za-z0-9+/]{43}$',
  description: 'OpenSSH SHA256 host key fingerprint (`ssh-keygen -lf`)',
});
const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, description });

export const OltPortsSchema = Type.Object(
  { cli: Type.Optional(Port), netconf: Type.Optional(Port), snmp: Type.Optional(Port) },
  { additionalProperties: false },
);

const Credentials = Type.Object(
  {
    ssh: Type.Optional(
      Type.Object(
        {
          username: Text(64),
          password: Type.Optional(Text(256)),
          privateKey: Type.Optional(Text(16384, 'OpenSSH/PEM private key')),
          passphrase: Type.Optional(Text(256)),
        },
        { additionalProperties: false },
      ),
    ),
    snmp: Type.Optional(
      Type.Object(
        {
          community: Type.Optional(Text(128, 'SNMP v2c community')),
          authKey: Type.Optional(Text(256, 'SNMPv3 auth key')),
          privKey: Type.Optional(Text(256, 'SNMPv3 privacy key')),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'Write-only: sealed at rest, never returned' },
);

const Snmp = Type.Object(
  {
    version: Type.Union([Type.Literal('v2c'), Type.Literal('v3')]),
    user: Type.Optional(Text(64)),
    authProtocol: Type.Optional(Type.Union([Type.Literal('MD5'), Type.Literal('SHA')])),
    privProtocol: Type.Optional(Type.Union([Type.Literal('DES'), Type.Literal('AES')])),
  },
  { additionalProperties: false },
);

const Poll = Type.Object(
  { snmpMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 3_600_000 })) },
  { additionalProperties: false },
);

const fields = {
  profile: Type.Optional(Text(64, 'device-profiles/NAME.json; omit with detect')),
  site: Type.Optional(Text(200)),
  host: Text(253, 'Management address (IP or DNS name)'),
  ports: OltPortsSchema,
  protocol: Type.Optional(Type.Union([Type.Literal('netconf'), Type.Literal('cli')])),
  credentials: Type.Optional(Credentials),
  snmp: Type.Optional(Snmp),
  poll: Type.Optional(Poll),
  maintenance: Type.Optional(Type.Boolean()),
  hostKey: Type.Optional(Fingerprint),
};

export const OltCreateBody = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: 'OLT name: lower case, digits, dashes',
    }),
    ...fields,
    detect: Type.Optional(
      Type.Boolean({ description: 'Ask the OLT which profile it is (NETCONF hello, SNMP sysObjectID)' }),
    ),
  },
  { additionalProperties: false },
);

export const OltPatchBody = Type.Partial(Type.Object(fields, { additionalProperties: false }), {
  additionalProperties: false,
});

export const DriftReportSchema = Type.Object({
  checkedAt: Type.String(),
  drift: Type.Array(Type.String()),
  unmanaged: Type.Array(Type.String()),
  error: Type.Optional(Type.String()),
});

export const OltRegistryViewSchema = Type.Object({
  id: Type.String(),
  profile: Type.String(),
  protocol: Type.String(),
  host: Type.String(),
  ports: OltPortsSchema,
  needsReconciliation: Type.Boolean(),
  reconciliationReason: Type.Optional(Type.String()),
  drift: Type.Optional(DriftReportSchema),
  lastAppliedAt: Type.Optional(Type.String()),
  site: Type.Optional(Type.String()),
  maintenance: Type.Boolean(),
  snmp: Type.Optional(Snmp),
  poll: Type.Optional(Poll),
  credentials: Type.Object(
    {
      ssh: Type.Optional(
        Type.Object({ username: Type.String(), password: Type.Boolean(), privateKey: Type.Boolean() }),
      ),
      snmp: Type.Optional(
        Type.Object({ community: Type.Boolean(), authKey: Type.Boolean(), privKey: Type.Boolean() }),
      ),
      external: Type.Optional(Type.Boolean()),
    },
    { description: 'Which secrets are set (never their values)' },
  ),
  hostKey: Type.Object({
    state: Type.Union([Type.Literal('trusted'), Type.Literal('pending'), Type.Literal('changed')]),
    pinned: Type.Optional(Type.String()),
    presented: Type.Optional(Type.String()),
    presentedAt: Type.Optional(Type.String()),
  }),
  createdAt: Type.Optional(Type.String()),
  updatedAt: Type.String(),
});

export const OltProbeSchema = Type.Object({
  protocols: Type.Array(
    Type.Object({
      protocol: Type.String(),
      port: Type.Integer(),
      reachable: Type.Boolean(),
      authenticated: Type.Boolean(),
      hostKey: Type.Optional(Type.String()),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
  detectedProfile: Type.Optional(Type.String()),
  model: Type.Optional(Type.String()),
  firmware: Type.Optional(Type.String()),
  sysObjectID: Type.Optional(Type.String()),
  capabilities: Type.Array(Type.String()),
  onts: Type.Optional(Type.Integer()),
});

export { Fingerprint };
