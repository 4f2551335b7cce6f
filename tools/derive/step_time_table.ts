/**
 * Derives `lib/time/fitted_table.ts`, the step-time model's constants, from
 * Vidur's GPU profiles (github.com/microsoft/vidur, MIT licence). Reads the
 * files in place and stores only fitted constants, fit errors and a small
 * sample of summed measured points: never the raw files.
 *
 * ```sh
 * deno run --allow-read --allow-write tools/derive/step_time_table.ts [--data DIR] [--out FILE]
 * deno fmt lib/time/fitted_table.ts
 * ```
 *
 * `DIR` defaults to `../shared/data/vidur` beside the repository, `FILE` to
 * `lib/time/fitted_table.ts`. Each input
 * is checked against the git blob id its provenance names before use.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type AttentionFit, attentionLayerMs, linearMs } from "../../lib/time/step_time.ts";
import { type GpuName, GPUS, type ModelName, MODELS } from "../../lib/time/hardware.ts";
import { fitError, fitKnee, fitRelative } from "./fit.ts";
import { readVerifiedCsv } from "./csv.ts";

const SNAPSHOT = "7d47513363ec447a741ac5e47241580b47724fbf";
const ATTENTION_COMMIT = "acb95f6cd118071401fa805a0b0bc11bd2018fc6";
const CPU_COMMIT = "6d98aa8f71696520acc603d87439e77cc78160a7";
const MLP_BLOBS: Record<string, string> = {
  "a100/Llama-2-7b-hf": "479ed2f6ed22049ac444bca9fa44578532cbf28a",
  "h100/Llama-2-7b-hf": "661ea954e9508d67f37d3b24f0e07eb96f83ca46",
  "a100/Llama-2-70b-hf": "6f53232adc5acdae0e06226720bcc948a466f954",
  "h100/Llama-2-70b-hf": "7f469cdea36cca4e571f50854a4e9b61654b91e0",
};
const ATTENTION = {
  path: `history/${ATTENTION_COMMIT}/data/profiling/a100/attention.csv`,
  blob: "ee3dec76948e46c3f686a111198e9c5703908553",
};
const CPU = {
  path: `history/${CPU_COMMIT}/data/profiling/a100/cpu_overheads.csv`,
  blob: "bf106186f8b1d3d6f43d05829a89f0fc411d5a65",
};
/** Vidur's layer, without the attention kernel: what it sums from mlp.csv. */
const LINEAR_OPS = [
  "input_layernorm",
  "attn_pre_proj",
  "attn_rope",
  "attn_post_proj",
  "post_attention_layernorm",
  "mlp_up_proj",
  "mlp_act",
  "mlp_down_proj",
  "add",
];
/** Host work Vidur adds per step (medians, and Ray's communication as a mean). */
const CPU_COLUMNS = [
  "schedule_median",
  "sampler_e2e_median",
  "prepare_inputs_e2e_median",
  "process_model_outputs_median",
  "ray_comm_time_mean",
];
/** Token counts whose measured step time the table keeps, for charts. */
const SAMPLE_TOKENS = [1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024]
  .concat([1536, 2048, 3072, 4096]);
const PROFILES: { name: string; model: ModelName; gpu: GpuName; tensorParallel: number }[] = [
  { name: "llama2-7b-a100", model: "llama2-7b", gpu: "a100", tensorParallel: 1 },
  { name: "llama2-7b-h100", model: "llama2-7b", gpu: "h100", tensorParallel: 1 },
  { name: "llama2-70b-a100-tp4", model: "llama2-70b", gpu: "a100", tensorParallel: 4 },
  { name: "llama2-70b-h100-tp4", model: "llama2-70b", gpu: "h100", tensorParallel: 4 },
];

const round = (value: number) => Number(value.toPrecision(5));
const roundAll = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value, (_, v) => typeof v === "number" ? round(v) : v));

/** Whole-model linear time per step at each profiled token count (duplicates averaged). */
function linearPoints(rows: Record<string, string>[], numLayers: number, tp: number) {
  const byTokens = new Map<number, number[]>();
  for (const row of rows) {
    if (Number(row.num_tensor_parallel_workers) !== tp) continue;
    const ms = LINEAR_OPS.reduce((sum, op) => sum + Number(row[`time_stats.${op}.median`]), 0);
    const n = Number(row.num_tokens);
    byTokens.set(n, [...(byTokens.get(n) ?? []), ms * numLayers]);
  }
  return [...byTokens].sort(([a], [b]) => a - b)
    .map(([n, ms]): [number, number] => [n, ms.reduce((a, b) => a + b) / ms.length]);
}

async function deriveProfile(root: string, p: (typeof PROFILES)[number]) {
  const model = MODELS[p.model];
  const key = `${p.gpu}/${model.name.split("/")[1]}`;
  const path = `data/profiling/compute/${p.gpu}/${model.name}/mlp.csv`;
  const points = linearPoints(
    await readVerifiedCsv(root, path, MLP_BLOBS[key]),
    model.numLayers,
    p.tensorParallel,
  );
  const linear = fitKnee(points);
  const measured = new Map(points);
  return {
    model: p.model,
    gpu: p.gpu,
    tensorParallel: p.tensorParallel,
    linear,
    linearError: fitError(points, (n) => linearMs(n, linear)),
    linearSource: `${path} @ ${
      SNAPSHOT.slice(0, 7)
    }, num_tensor_parallel_workers = ${p.tensorParallel}`,
    cpu: cpuKey(p),
    measuredMs: SAMPLE_TOKENS.map((n) => measured.get(n)!),
  };
}

/** Host overheads are measured per model and TP degree, on A100 hosts only. */
const cpuKey = (p: { model: ModelName; tensorParallel: number }) =>
  `${p.model}-tp${p.tensorParallel}`;

/** Host overhead per step against requests in the step, for each model and TP degree profiled. */
async function deriveCpu(root: string) {
  const rows = await readVerifiedCsv(root, CPU.path, CPU.blob);
  const fits: Record<string, unknown> = {};
  for (const p of PROFILES) {
    const { name } = MODELS[p.model];
    const points = rows
      .filter((row) =>
        row.model_name === name && Number(row.tensor_parallel_degree) === p.tensorParallel
      )
      .map((row): [number, number] => [
        Number(row.batch_size),
        CPU_COLUMNS.reduce((sum, column) => sum + Number(row[column]), 0),
      ]);
    const [fixedMs, msPerRequest] = fitRelative(points.map(([b, y]) => ({ x: [1, b], y })));
    fits[cpuKey(p)] = {
      fit: { fixedMs, msPerRequest },
      error: fitError(points, (b) => fixedMs + msPerRequest * b),
      source: `${CPU.path}: ${name}, tensor_parallel_degree ${p.tensorParallel} (A100 host)`,
    };
  }
  return fits;
}

/** The attention fit on the one attention profile there is: 70B-shaped, TP2, A100. */
async function deriveAttention(root: string) {
  const rows = await readVerifiedCsv(root, ATTENTION.path, ATTENTION.blob);
  const shape = { model: MODELS["llama2-70b"], gpu: GPUS.a100, tensorParallel: 2 };
  const samples = rows.map((row) => {
    const isPrefill = row.is_prefill === "True";
    const kv = Number(row.kv_cache_size);
    const chunks = isPrefill
      ? [{
        id: "p",
        numScheduledTokens: Number(row.prefill_chunk_size),
        contextLen: kv + Number(row.prefill_chunk_size),
      }]
      : Array.from(
        { length: Number(row.batch_size) },
        () => ({ id: "d", numScheduledTokens: 1, contextLen: kv }),
      );
    const y = Number(row[`time_stats.${isPrefill ? "attn_prefill" : "attn_decode"}.median`]);
    return { isPrefill, chunks, y };
  });
  const term = (attention: AttentionFit, chunks: typeof samples[number]["chunks"]) =>
    attentionLayerMs(chunks, { ...shape, attention });
  const flopsOnly = { fixedMsPerLayer: 0, flopEfficiency: 1, bandwidthEfficiency: Infinity };
  const bytesOnly = { fixedMsPerLayer: 0, flopEfficiency: Infinity, bandwidthEfficiency: 1 };
  const [fixedMsPerLayer, flopCost, byteCost] = fitRelative(
    samples.map(({ chunks, y }) => ({
      x: [1, term(flopsOnly, chunks), term(bytesOnly, chunks)],
      y,
    })),
  );
  const fit = { fixedMsPerLayer, flopEfficiency: 1 / flopCost, bandwidthEfficiency: 1 / byteCost };
  const errorOf = (isPrefill: boolean) =>
    fitError(
      samples.filter((s) => s.isPrefill === isPrefill).map((s) => [s.chunks, s.y]),
      (c) => term(fit, c),
    );
  return {
    fit,
    prefillError: errorOf(true),
    decodeError: errorOf(false),
    source: `${ATTENTION.path}: n_embd 8192, 64 q heads, 8 kv heads, TP2, FlashAttention, A100`,
  };
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      data: { type: "string" },
      out: { type: "string" },
    },
  });
  const repo = new URL("../..", import.meta.url).pathname;
  const root = values.data ?? `${repo}../shared/data/vidur`;
  const profiles: Record<string, unknown> = {};
  for (const p of PROFILES) profiles[p.name] = await deriveProfile(root, p);
  const table = roundAll({
    provenance: {
      source:
        "Vidur (github.com/microsoft/vidur), MIT licence, Copyright (c) Microsoft Corporation",
      snapshot: SNAPSHOT,
      files: [
        ...Object.entries(MLP_BLOBS).map(([key, blob]) => {
          const [gpu, name] = key.split("/");
          return {
            path: `data/profiling/compute/${gpu}/meta-llama/${name}/mlp.csv`,
            commit: SNAPSHOT,
            blob,
          };
        }),
        {
          path: "data/profiling/a100/attention.csv",
          commit: ATTENTION_COMMIT,
          blob: ATTENTION.blob,
        },
        { path: "data/profiling/a100/cpu_overheads.csv", commit: CPU_COMMIT, blob: CPU.blob },
      ],
      derivedBy: "tools/derive/step_time_table.ts",
    },
    sampleTokens: SAMPLE_TOKENS,
    attention: await deriveAttention(root),
    cpu: await deriveCpu(root),
    profiles,
  });
  const module =
    `// Generated by tools/derive/step_time_table.ts from Vidur's profiles: do not edit by hand.
/**
 * The step-time model's fitted constants, with the relative error of each fit
 * against the measured points it came from, and a small sample of those
 * points (whole-model linear-layer ms per step at \`sampleTokens\`) for charts.
 *
 * @example
 * \`\`\`ts
 * import { FITTED_TABLE } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(FITTED_TABLE.profiles["llama2-7b-a100"].tensorParallel, 1);
 * \`\`\`
 *
 * @module
 */

/** Fitted constants per profile, the shared attention fit, and where they came from. */
export const FITTED_TABLE = ${JSON.stringify(table, null, 2).replace(/"(\w+)":/g, "$1:")} as const;
`;
  const out = values.out ?? `${repo}lib/time/fitted_table.ts`;
  await Deno.writeTextFile(out, module);
  console.log(`wrote ${out}`);
}

if (import.meta.main) await main();
