// Confluent client interop check for the Vowstream schema registry.
//
// What this proves: Confluent's official JavaScript client (@confluentinc/schemaregistry, pinned
// in package.json), used exactly as Confluent ships it, can work against a Vowstream registry:
// it registers and reads schemas, tests compatibility, reads and writes config, deletes subjects,
// and its Avro serializer and deserializer exchange bytes with Vowstream's Java serde (the
// Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary body).
//
// The script only observes; it asserts nothing. It reads one JSON document on stdin, runs every
// step, and prints one JSON document on stdout with what each step saw: {"value": ...} when the
// step worked, {"error": {...}} when it threw (for the client's RestError with its HTTP status
// and the registry's error_code). ConfluentClientInteropIT in the testkit module feeds it and
// asserts on the output.
//
// Run it alone (Node 18+):
//   cp -r testkit/src/test/node/confluent-interop /tmp/interop && cd /tmp/interop && npm ci
//   echo '{"registryUrl": "http://127.0.0.1:8081"}' | node check.mjs
// With only registryUrl it uses a random subject prefix and built-in test schemas and skips the
// serde exchange with Java. Through Maven:
//   ./mvnw -B -pl testkit verify -Dit.test=ConfluentClientInteropIT
//
// Input (stdin), every key but registryUrl optional:
//   registryUrl    base URL of the registry
//   prefix         subject prefix, so runs against a shared registry do not collide
//   schemas        {v1, v2, v3, incompatible}: Avro schema texts for one subject; v2 and v3 each
//                  add a defaulted field, incompatible changes a field's type
//   fromJava       {topic, valuePayload, keyPayload}: base64 bytes the Java serializer wrote
//   toJava         {topic, avroJson}: a value in Avro's JSON encoding, written with the latest
//                  schema of <topic>-value
//   autoRegister   {topic, value}: a plain JSON object, written with a schema the Confluent
//                  serializer infers and registers itself

import { createRequire } from 'node:module';
import {
  AvroDeserializer,
  AvroSerializer,
  Compatibility,
  RestError,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';

const DEFAULT_SCHEMAS = {
  v1: record([{ name: 'a', type: 'string' }]),
  v2: record([{ name: 'a', type: 'string' }, { name: 'b', type: 'int', default: 0 }]),
  v3: record([
    { name: 'a', type: 'string' },
    { name: 'b', type: 'int', default: 0 },
    { name: 'c', type: 'string', default: '' },
  ]),
  incompatible: record([{ name: 'a', type: 'int' }]),
};

function record(fields) {
  return JSON.stringify({ type: 'record', name: 'Pair', namespace: 'interop', fields });
}

function avro(schema) {
  return { schemaType: 'AVRO', schema };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : JSON.parse(text);
}

// Buffers become base64 strings and class instances plain objects, so the output is plain JSON.
function plain(value) {
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function describeError(e) {
  const out = { restError: e instanceof RestError, message: String(e?.message ?? e) };
  if (typeof e?.status === 'number') {
    out.status = e.status;
  }
  if (typeof e?.errorCode === 'number') {
    out.errorCode = e.errorCode;
  }
  return out;
}

// Each step is recorded on its own, so one failure does not hide what the others saw.
async function step(out, name, fn) {
  try {
    out[name] = { value: plain(await fn()) };
  } catch (e) {
    out[name] = { error: describeError(e) };
  }
}

function schemaIdOf(payload) {
  if (payload.length < 5 || payload[0] !== 0) {
    throw new Error(
      `not in the Confluent wire format: ${payload.length} bytes, first ${payload[0]}`);
  }
  return payload.readInt32BE(1);
}

async function registryChecks(client, prefix, schemas) {
  const pair = `${prefix}-pair-value`;
  const alias = `${prefix}-alias-value`;
  const out = { subjects: { pair, alias } };

  // Registration and reads, before anything changes the subject.
  await step(out, 'registerV1', () => client.register(pair, avro(schemas.v1)));
  await step(out, 'registerV1Again', async () => {
    client.clearCaches(); // so the repeat reaches the registry instead of the client's cache
    return client.register(pair, avro(schemas.v1));
  });
  await step(out, 'registerV1UnderAlias', () => client.register(alias, avro(schemas.v1)));
  await step(out, 'registerV2', () => client.register(pair, avro(schemas.v2)));
  client.clearCaches();
  await step(out, 'lookupIdV1', () => client.getId(pair, avro(schemas.v1)));
  await step(out, 'lookupVersionV2', () => client.getVersion(pair, avro(schemas.v2)));
  await step(out, 'schemaByIdV1', async () => {
    const id = out.registerV1.value;
    return client.getBySubjectAndId(pair, id);
  });
  await step(out, 'latest', () => client.getLatestSchemaMetadata(pair));
  await step(out, 'version1', () => client.getSchemaMetadata(pair, 1));
  await step(out, 'allSubjects', () => client.getAllSubjects());
  await step(out, 'versions', () => client.getAllVersions(pair));

  // Compatibility verdicts under the default level.
  const incompatible = avro(schemas.incompatible);
  await step(out, 'compatibleWithLatest',
    () => client.testSubjectCompatibility(pair, avro(schemas.v3)));
  await step(out, 'incompatibleWithLatest',
    () => client.testSubjectCompatibility(pair, incompatible));
  await step(out, 'compatibleWithVersion1',
    () => client.testCompatibility(pair, 1, avro(schemas.v2)));
  await step(out, 'incompatibleWithVersion1',
    () => client.testCompatibility(pair, 1, incompatible));
  await step(out, 'registerIncompatible', () => client.register(pair, incompatible));
  await step(out, 'versionsAfterRefusal', () => client.getAllVersions(pair));

  // Config: the global level round trip, then a subject level that lets the refused schema in.
  await step(out, 'globalLevelBefore', () => client.getDefaultCompatibility());
  await step(out, 'setGlobalLevel', () => client.updateDefaultCompatibility(Compatibility.FORWARD));
  await step(out, 'globalLevelAfterSet', () => client.getDefaultCompatibility());
  await step(out, 'restoreGlobalLevel',
    () => client.updateDefaultCompatibility(out.globalLevelBefore.value));
  await step(out, 'globalLevelRestored', () => client.getDefaultCompatibility());
  await step(out, 'subjectLevelUnset', () => client.getCompatibility(pair));
  await step(out, 'setSubjectLevel', () => client.updateCompatibility(pair, Compatibility.NONE));
  await step(out, 'subjectLevel', () => client.getCompatibility(pair));
  await step(out, 'registerIncompatibleUnderNone', () => client.register(pair, incompatible));
  await step(out, 'versionsUnderNone', () => client.getAllVersions(pair));

  // Deletion: soft, then permanent; the id stays resolvable through the other subject.
  await step(out, 'deleteAlias', () => client.deleteSubject(alias, false));
  await step(out, 'subjectsAfterDelete', () => client.getAllSubjects());
  await step(out, 'versionsOfDeleted', () => client.getAllVersions(alias));
  await step(out, 'schemaByIdAfterDelete', async () => {
    client.clearCaches();
    return client.getBySubjectAndId(pair, out.registerV1.value);
  });
  await step(out, 'deleteAliasPermanently', () => client.deleteSubject(alias, true));
  return out;
}

async function fromJava(client, input) {
  const out = {};
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const payload = Buffer.from(input.valuePayload, 'base64');
  await step(out, 'schemaId', () => schemaIdOf(payload));
  await step(out, 'value', () => deserializer.deserialize(input.topic, payload));
  // The same value in Avro's JSON encoding, so Java can rebuild and compare the whole record.
  await step(out, 'avroJson', async () => {
    const info = await client.getBySubjectAndId(`${input.topic}-value`, schemaIdOf(payload));
    const [type] = await deserializer.toType(info);
    return type.toString(await deserializer.deserialize(input.topic, payload));
  });
  if (input.keyPayload != null) {
    const keys = new AvroDeserializer(client, SerdeType.KEY, {});
    const key = Buffer.from(input.keyPayload, 'base64');
    await step(out, 'key', () => keys.deserialize(input.topic, key));
  }
  return out;
}

async function toJava(client, input) {
  const out = {};
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
  });
  await step(out, 'payload', async () => {
    const latest = await client.getLatestSchemaMetadata(`${input.topic}-value`);
    const [type] = await serializer.toType(latest);
    return serializer.serialize(input.topic, type.fromString(input.avroJson));
  });
  return out;
}

async function autoRegister(client, input) {
  const out = {};
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true });
  await step(out, 'payload', () => serializer.serialize(input.topic, input.value));
  await step(out, 'latest', () => client.getLatestSchemaMetadata(`${input.topic}-value`));
  return out;
}

async function main() {
  const input = await readStdin();
  if (typeof input.registryUrl !== 'string' || input.registryUrl === '') {
    throw new Error('input needs "registryUrl", the base URL of the registry to check');
  }
  const prefix = input.prefix ?? `interop-${Math.random().toString(36).slice(2, 10)}`;
  const schemas = { ...DEFAULT_SCHEMAS, ...(input.schemas ?? {}) };
  const client = new SchemaRegistryClient({
    baseURLs: [input.registryUrl],
    maxRetries: 1,
    retriesWaitMs: 100,
    retriesMaxWaitMs: 500,
  });
  const report = {
    client: {
      package: '@confluentinc/schemaregistry',
      version: createRequire(import.meta.url)('@confluentinc/schemaregistry/package.json').version,
      node: process.version,
    },
    registry: await registryChecks(client, prefix, schemas),
  };
  if (input.fromJava != null) {
    report.fromJava = await fromJava(client, input.fromJava);
  }
  if (input.toJava != null) {
    report.toJava = await toJava(client, input.toJava);
  }
  if (input.autoRegister != null) {
    report.autoRegister = await autoRegister(client, input.autoRegister);
  }
  client.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e) => {
  process.stderr.write(`check.mjs failed: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
