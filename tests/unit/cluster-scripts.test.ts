// The pure parts of the cluster scripts (scripts/cluster/): compose interpolation and environment as the native
// cluster reads them from docker-compose.yml, and the conversion of the server image's config template
// (dockerize syntax) into the form temporal-server renders itself (sprig).
import { describe, expect, it } from 'vitest';
import { Compose, interpolate } from '../../scripts/cluster/compose';
import { renderableTemplate } from '../../scripts/cluster/tools';

describe('compose interpolation', () => {
  it('applies defaults, requires what is required, and keeps $$ literal', () => {
    expect(interpolate('${A:-x}/${B-y}/$${C}', { B: '' })).toBe('x//${C}');
    expect(() => interpolate('${P:?set P}', {})).toThrow(/needs P: set P/);
    expect(interpolate('${P:?set P}', { P: 'secret' })).toBe('secret');
  });

  it('reads the temporal services of docker-compose.yml: pinned version, environment, host paths of mounts', () => {
    const compose = new Compose({ POSTGRES_PASSWORD: 'pw' });
    expect(compose.imageTag('temporal')).toMatch(/^\d+\.\d+\.\d+$/);
    expect(compose.environment('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_PWD: 'pw' });
    expect(compose.hostCommand('temporal-schema')[0]).toMatch(/deploy\/temporal\/setup-schema\.sh$/);
    const dynamic = compose.environment('temporal').DYNAMIC_CONFIG_FILE_PATH!;
    expect(compose.hostPath('temporal', dynamic)).toMatch(/deploy\/temporal\/dynamicconfig\/production\.yaml$/);
  });
});

describe('the server config template', () => {
  it('swaps dockerize `default X "d"` into sprig `default "d" (env "X")` and reads the environment with env', () => {
    const out = renderableTemplate(
      [
        'persistence:',
        '    numHistoryShards: {{ default .Env.NUM_HISTORY_SHARDS "4" }}',
        '    {{- $db := default .Env.DB "cassandra" | lower -}}',
        '    {{ $seeds := default .Env.VISIBILITY_SEEDS $seeds_default }}',
        '    {{- if .Env.STATSD_ENDPOINT }}x: {{ .Env.STATSD_ENDPOINT }}{{- end }}',
        '    defaultStore: default',
      ].join('\n'),
    );
    expect(out.split('\n')[0]).toMatch(/^# enable-template/);
    expect(out).toContain('{{ default "4" (env "NUM_HISTORY_SHARDS") }}');
    expect(out).toContain('{{- $db := default "cassandra" (env "DB") | lower -}}');
    expect(out).toContain('{{ $seeds := default $seeds_default (env "VISIBILITY_SEEDS") }}');
    expect(out).toContain('{{- if (env "STATSD_ENDPOINT") }}x: {{ (env "STATSD_ENDPOINT") }}');
    expect(out).not.toContain('.Env.');
  });

  it('refuses a `default` it cannot convert rather than render a wrong config', () => {
    expect(() => renderableTemplate('a: {{ default (printf "%s" .Env.X) "y" }}')).toThrow(/cannot convert/);
  });
});
