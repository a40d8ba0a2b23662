import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * `tether proxy` is spawned by every MCP client start and must answer `initialize` fast, so what it
 * loads is kept small (docs/ARCHITECTURE.md "Build"). OpenTelemetry and prom-client must stay out of
 * it: the OTLP export is loaded by a dynamic import only when OTEL_EXPORTER_OTLP_* are set
 * (electron/cli/otlp-hook.ts). This reads the esbuild metafile `npm run build` writes and walks the
 * static imports from the proxy's entry chunks.
 */
type Metafile = {
  outputs: Record<
    string,
    {
      bytes: number;
      inputs: Record<string, unknown>;
      imports: Array<{ path: string; kind: string; external?: boolean }>;
    }
  >;
};

/** The modules `tether proxy` imports dynamically on its way to running (electron/cli/main.ts, commands/proxy.ts). */
const PROXY_ENTRIES = [
  'electron/cli/proxy-program.ts',
  'electron/proxy/run-proxy.ts',
  'electron/proxy/upstream-auth.ts',
  'electron/proxy/heap-trimmer.ts',
  'electron/cli/otlp-hook.ts',
];

async function proxyClosure(): Promise<{
  meta: Metafile;
  outputs: Set<string>;
  inputs: string[];
  bytes: number;
}> {
  const meta = JSON.parse(await readFile('.cache/build/cli-meta.json', 'utf8')) as Metafile;
  const holding = (input: string): string[] =>
    Object.keys(meta.outputs).filter((output) => meta.outputs[output]!.inputs[input] !== undefined);
  const stack = ['dist/cli/tether.mjs', ...PROXY_ENTRIES.flatMap(holding)];
  const outputs = new Set<string>();
  while (stack.length > 0) {
    const output = stack.pop()!;
    if (outputs.has(output)) continue;
    outputs.add(output);
    for (const imported of meta.outputs[output]!.imports)
      if (imported.kind === 'import-statement' && !imported.external) stack.push(imported.path);
  }
  const inputs = [...outputs].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));
  const bytes = [...outputs].reduce((sum, output) => sum + meta.outputs[output]!.bytes, 0);
  return { meta, outputs, inputs, bytes };
}

describe('the proxy start path', () => {
  it('holds the OTLP switch but neither OpenTelemetry nor prom-client', async () => {
    const { meta, inputs, bytes } = await proxyClosure();
    for (const entry of PROXY_ENTRIES) expect(inputs, entry).toContain(entry);
    expect(inputs).toContain('electron/core/telemetry/otlp-env.ts');
    expect(
      inputs.filter((input) =>
        /@opentelemetry|prom-client|core\/telemetry\/(?!otlp-env)|core\/metrics\//.test(input),
      ),
    ).toEqual([]);
    // The SDK is in the bundle, reachable only through a dynamic import.
    const sdk = Object.entries(meta.outputs).filter(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes('@opentelemetry/sdk-metrics')),
    );
    expect(sdk.length).toBeGreaterThan(0);
    console.log(`proxy start path: ${(bytes / 1024).toFixed(0)} KiB of JavaScript in its static closure`);
  });
});
