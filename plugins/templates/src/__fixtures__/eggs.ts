// Small eggs written for these tests, in the shapes Pterodactyl and Pelican export.

/** A PTDL_v2 egg as an object; `overrides` replace top-level fields. */
export function ptdlEgg(
  name: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    _comment: 'DO NOT EDIT: FILE GENERATED AUTOMATICALLY BY PTERODACTYL PANEL',
    meta: { version: 'PTDL_v2', update_url: null },
    exported_at: '2025-01-01T00:00:00+00:00',
    name,
    author: 'eggs@example.com',
    description: `${name} for tests`,
    features: [],
    docker_images: { 'Java 21': 'ghcr.io/example/java:21' },
    file_denylist: [],
    startup: 'java -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}',
    config: {
      files: JSON.stringify({
        'server.properties': {
          parser: 'properties',
          find: { 'server-port': '{{server.build.default.port}}' },
        },
      }),
      startup: JSON.stringify({ done: ')! For help, type ' }),
      logs: '{}',
      stop: 'stop',
    },
    scripts: {
      installation: {
        script: '#!/bin/bash\necho installing',
        container: 'ghcr.io/example/installer:debian',
        entrypoint: 'bash',
      },
    },
    variables: [
      {
        name: 'Server Jar File',
        description: 'The jar to run.',
        env_variable: 'SERVER_JARFILE',
        default_value: 'server.jar',
        user_viewable: true,
        user_editable: true,
        rules: 'required|string|max:40',
        field_type: 'text',
      },
      {
        name: 'Max players',
        description: '',
        env_variable: 'MAX_PLAYERS',
        default_value: '20',
        user_viewable: true,
        user_editable: true,
        rules: 'required|integer|between:1,100',
        field_type: 'text',
      },
    ],
    ...overrides,
  };
}

/** A PLCN_v3 egg as YAML text. */
export const PLCN_YAML = `_comment: 'DO NOT EDIT: FILE GENERATED AUTOMATICALLY BY PANEL'
meta:
  version: PLCN_v3
  update_url: null
exported_at: '2025-01-01T00:00:00+00:00'
name: 'Yaml Game'
author: eggs@example.com
description: 'A YAML egg'
tags: []
features: []
docker_images:
  Debian: 'ghcr.io/example/debian:12'
file_denylist: []
startup_commands:
  Default: './game --port {{SERVER_PORT}}'
config:
  files: {}
  startup:
    done: 'Server started'
  logs: {}
  stop: '^C'
scripts:
  installation:
    script: 'echo install'
    container: 'ghcr.io/example/installer:debian'
    entrypoint: bash
variables:
  - sort: 1
    name: 'Mode'
    description: 'Game mode'
    env_variable: MODE
    default_value: pvp
    user_viewable: true
    user_editable: true
    rules:
      - required
      - 'in:pvp,pve'
`;

/** Text of an egg whose second variable has no environment variable name. */
export function brokenEggText(): string {
  const egg = ptdlEgg('Broken');
  (egg.variables as Array<Record<string, unknown>>)[1]!.env_variable = '';
  return JSON.stringify(egg);
}
