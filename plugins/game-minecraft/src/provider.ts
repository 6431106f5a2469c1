import type {
  ConfigFile,
  GameProvider,
  GameTemplateSpec,
  ParameterProperty,
  ParsedEgg,
  TemplateImage,
} from '@pteronimbus/sdk';

/** Game id of Minecraft: Java Edition servers and proxies in templates and capabilities. */
export const MINECRAFT_JAVA_GAME_ID = 'minecraft-java';

/** The console line a vanilla-derived server prints once it accepts players. */
export const MINECRAFT_READY_LINE = ')! For help, type "help"';

/** Where the Minecraft EULA is published; players must accept it before a server starts. */
export const MINECRAFT_EULA_URL = 'https://aka.ms/MinecraftEULA';

const GAME_PORT = 25565;

// Bedrock servers (and bridges to them) speak RakNet over UDP, ClassiCube its own protocol: a
// Java-edition refinement would break them, so they are left to the generic conversion.
const OTHER_EDITIONS =
  /bedrock|pocketmine|nukkit|gomint|geyser|\bmcpe\b|classicube|mcgalaxy|minecraft classic/i;
const PROXY = /velocity|bungee ?cord|waterfall|travertine|flamecord|hexacord/i;
const FLAVOURS =
  /\b(minecraft|paper(mc)?|spigot|(craft)?bukkit|purpur|pufferfish|folia|forge|neoforge|fabric|quilt|sponge\w*|mohist|magma|arclight|cuberite|glowstone|limbo|vanillacord|modpacks?|curseforge|modrinth|ftb|technic|atlauncher)\b/i;
const FLAVOUR_VARIABLES =
  /^(MC|MINECRAFT|VANILLA|FORGE|FABRIC|PAPER|SPIGOT|PURPUR|NEOFORGE|SPONGE|VELOCITY|BUNGEE|WATERFALL)_/i;
const JAVA_COMMAND = /(^|[\s;&|(`$])java\s/;
const JAVA_IMAGE_VERSION = /(?:java|jdk|jre|temurin|openjdk|zulu|graalvm)[_:-]?(\d{1,2})(?!\d)/i;
// The LTS line current Minecraft needs; older versions run on the newest image an egg offers.
const PREFERRED_JAVA = [21, 17, 11, 8];

/** What kind of Minecraft Java software an egg runs. */
export interface MinecraftEggKind {
  kind: 'server' | 'proxy';
  /** Whether it runs on a Java runtime (Cuberite, for one, does not). */
  java: boolean;
}

function basename(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

function eggText(egg: ParsedEgg): string {
  return [
    egg.name,
    egg.description,
    ...egg.tags,
    ...egg.startup.map((s) => s.command),
    ...egg.images.map((i) => i.image),
  ].join('\n');
}

/**
 * Tells whether an egg runs a Minecraft: Java Edition server or proxy, from its name, description,
 * tags, start command, images, config files, readiness lines, features and variables. Returns
 * `undefined` for anything else, Bedrock and Classic servers included.
 */
export function classifyMinecraftEgg(egg: ParsedEgg): MinecraftEggKind | undefined {
  if (OTHER_EDITIONS.test(`${egg.name}\n${egg.description}\n${eggText(egg)}`)) return undefined;
  const java =
    egg.startup.some((s) => JAVA_COMMAND.test(s.command)) ||
    egg.images.some((i) => /java|jdk|jre|temurin/i.test(i.image));
  const configNames = egg.configFiles.map((f) => basename(f.path).toLowerCase());
  const proxyText = [egg.name, ...egg.startup.map((s) => s.command), ...configNames].join('\n');
  const proxy =
    PROXY.test(proxyText) ||
    configNames.includes('velocity.toml') ||
    egg.variables.some((v) => /^(VELOCITY|BUNGEE|WATERFALL)/i.test(v.envVariable));
  const mentionsMinecraft = /minecraft/i.test(
    `${egg.name}\n${egg.description}\n${egg.tags.join('\n')}`,
  );
  const signals = [
    mentionsMinecraft,
    FLAVOURS.test(egg.name),
    configNames.includes('server.properties'),
    egg.done.some((line) => line.includes('For help, type')),
    egg.features.includes('eula'),
    proxy,
    egg.variables.some((v) => FLAVOUR_VARIABLES.test(v.envVariable)),
  ].filter(Boolean).length;
  // Two signs are needed: other Java games keep a server.properties too (Rising World does). A
  // native server (Cuberite) must also say it is for Minecraft.
  if (signals < 2 || (!java && !mentionsMinecraft)) return undefined;
  return { kind: proxy ? 'proxy' : 'server', java };
}

/** The Java major version an image provides, when its name says so. */
export function javaVersionOf(image: TemplateImage): number | undefined {
  const m = JAVA_IMAGE_VERSION.exec(image.image) ?? JAVA_IMAGE_VERSION.exec(image.label);
  return m ? Number(m[1]) : undefined;
}

/** The Java version a new server should run, among those offered. */
export function defaultJavaVersion(versions: readonly number[]): number | undefined {
  return PREFERRED_JAVA.find((v) => versions.includes(v)) ?? Math.max(...versions);
}

/**
 * Relabels the egg's images by Java version ("Java 21", selected by the value `21`), puts the
 * default version first (the first image is a template's default) and returns the
 * `JAVA_VERSION` parameter that chooses one (the template's `imageParameter`).
 */
function javaChoice(
  images: readonly TemplateImage[],
): { images: TemplateImage[]; parameter: ParameterProperty } | undefined {
  const byVersion = new Map<number, TemplateImage>();
  const others: TemplateImage[] = [];
  for (const image of images) {
    const version = javaVersionOf(image);
    if (version === undefined || byVersion.has(version)) others.push({ ...image });
    else
      byVersion.set(version, {
        label: `Java ${version}`,
        image: image.image,
        value: String(version),
      });
  }
  if (byVersion.size < 2) return undefined;
  const versions = [...byVersion.keys()].sort((a, b) => b - a);
  const chosen = defaultJavaVersion(versions) as number;
  const ordered = [chosen, ...versions.filter((v) => v !== chosen)];
  return {
    images: [...ordered.map((v) => byVersion.get(v) as TemplateImage), ...others],
    parameter: {
      title: 'Java version',
      description:
        'Java runtime of the server: the image labelled "Java <version>". Minecraft 1.20.5 and later need Java 21, 1.18 to 1.20.4 Java 17, 1.17 Java 16, older versions Java 8.',
      type: 'integer',
      enum: ordered,
      default: chosen,
      envVariable: 'JAVA_VERSION',
      userViewable: true,
      userEditable: true,
      rules: ['required', 'integer', `in:${ordered.join(',')}`],
    },
  };
}

const EULA_PARAMETER: ParameterProperty = {
  title: 'Accept the Minecraft EULA',
  description: `The server starts only once you accept the Minecraft End User License Agreement: ${MINECRAFT_EULA_URL}`,
  type: 'boolean',
  enum: [true],
  const: true,
  envVariable: 'EULA_ACCEPTED',
  userViewable: true,
  userEditable: true,
  rules: ['required', 'boolean', 'in:1'],
};

const EULA_FILE: ConfigFile = {
  path: 'eula.txt',
  parser: 'properties',
  replacements: [{ match: 'eula', value: 'true' }],
};

function proxyReadiness(egg: ParsedEgg): string {
  return /velocity/i.test(`${egg.name}\n${egg.startup.map((s) => s.command).join('\n')}`)
    ? 'Done ('
    : 'Listening on ';
}

/**
 * Refines eggs of Minecraft: Java Edition servers (Vanilla, Paper, Spigot, Purpur, Forge, Fabric,
 * NeoForge, modpacks…) and proxies (Velocity, BungeeCord, Waterfall): port 25565/TCP, the EULA
 * flow (a required `EULA_ACCEPTED` parameter that must be true, and `eula=true` written to
 * `eula.txt`), a `JAVA_VERSION` choice among the egg's images, readiness and stop command.
 */
export const minecraftJavaProvider: GameProvider = {
  id: MINECRAFT_JAVA_GAME_ID,
  features: ['eula', 'java_version'],
  matches(egg) {
    const kind = classifyMinecraftEgg(egg);
    if (!kind) return 0;
    return kind.java ? 50 : 40;
  },
  refine(template, egg): GameTemplateSpec {
    const kind = classifyMinecraftEgg(egg) ?? { kind: 'server', java: true };
    const [primary, ...otherPorts] = template.ports;
    const ports = [
      {
        name: 'game',
        containerPort: GAME_PORT,
        protocol: 'TCP' as const,
        envVariable: primary?.envVariable ?? 'SERVER_PORT',
      },
      ...otherPorts.filter((p) => p.name !== 'game' && p.containerPort !== GAME_PORT),
    ];
    let images = template.images.map((i) => ({ ...i }));
    let configFiles = template.configFiles.map((f) => ({ ...f }));
    // Ours first, in a fixed order, so that a template converted again comes out the same.
    const added: Record<string, ParameterProperty> = {};
    if (kind.kind === 'server' && kind.java) {
      added.EULA_ACCEPTED = { ...EULA_PARAMETER };
      configFiles = [...configFiles.filter((f) => f.path !== EULA_FILE.path), EULA_FILE];
    }
    const java = kind.java ? javaChoice(template.images) : undefined;
    if (java) {
      images = java.images;
      added.JAVA_VERSION = java.parameter;
    }
    const properties: Record<string, ParameterProperty> = { ...added };
    for (const [key, value] of Object.entries(template.parameters.properties)) {
      if (!Object.hasOwn(added, key)) properties[key] = value;
    }
    const required = [
      ...Object.keys(added),
      ...template.parameters.required.filter((name) => !Object.hasOwn(added, name)),
    ];
    const readiness =
      template.readiness.length > 0
        ? template.readiness
        : [
            {
              match: kind.kind === 'proxy' ? proxyReadiness(egg) : MINECRAFT_READY_LINE,
              regex: false,
            },
          ];
    const stop =
      kind.kind === 'server'
        ? { command: 'stop' }
        : template.stop.command !== undefined
          ? template.stop
          : { command: 'end' };
    return {
      ...template,
      game: { ...template.game, id: MINECRAFT_JAVA_GAME_ID },
      images,
      ...(java ? { imageParameter: 'JAVA_VERSION' } : {}),
      parameters: { type: 'object', properties, required },
      ports,
      configFiles,
      readiness,
      stop,
    };
  },
};
