"""``accelspec serve MODEL --on 8xH20 --on 16x"Ascend 910B"``: what a model gets on N chips, estimate and bound."""

from __future__ import annotations

import json

from .common import _width, UsageError, _catalog

PRECISIONS = ("bf16", "fp16", "fp8", "int8", "fp4", "int4", "fp32")


def _batches(text: str) -> list[int]:
    try:
        out = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        out = []
    if not out or any(b < 1 for b in out):
        raise UsageError(f"--batch takes whole numbers ≥ 1, comma-separated for a sweep such as 1,8,64 (got {text!r})")
    return out


def _overrides(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--efficiency takes NAME=VALUE such as memory=0.7 (got {item!r})") from None
    return out


def _wrapped(text: str, width: int) -> str:
    """Detail lines ("  inputs  ...") wrapped to the width under their value column; tables left whole."""
    import textwrap

    out = []
    for line in text.splitlines():
        if len(line) <= width or not line.startswith("  ") or "  " not in line.strip():
            out.append(line)
            continue
        label, _, value = line.strip().partition("  ")
        indent = " " * (len(line) - len(line.lstrip()) + len(label) + 2 + len(value) - len(value.lstrip()))
        out.append(textwrap.fill(value.strip(), width, initial_indent=line[: len(indent)], subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def cmd_serve(args) -> int:
    from ..serving.calibration import calibrated
    from ..serving.estimate import estimate
    from ..serving.render import render_text
    from ..serving.parallel import resolve

    cat = _catalog(args)
    batches = _batches(args.batch)
    overrides = _overrides(args.efficiency or [])
    kw = dict(input_len=args.input_len, output_len=args.output_len, weights=args.weights, kv=args.kv,
              compute=args.compute, tp=args.tp, pp=args.pp, ep=args.ep, dp=args.dp, mode=args.mode,
              draft_tokens=args.draft_tokens, accepted=args.accepted, scaleout_bandwidth=args.scaleout_bandwidth,
              context=args.context, catalog=cat)
    results = []
    for on in args.on:
        eff = calibrated(resolve(on, cat).chip.vendor)[0].replace(**overrides) if overrides else None
        results.extend(estimate(args.model, on, batch=b, efficiency=eff, **kw) for b in batches)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        print(_wrapped(render_text(results), _width()))
    return 0


def register(sub) -> None:
    s = sub.add_parser("serve", help="what a model gets on N chips: memory, tokens/s, TPOT, TTFT (estimate and bound)",
                       description="Serve MODEL on each --on: weights and KV per chip, whether the batch fits, "
                                   "decode tokens/s and TPOT, TTFT, each as a calibrated estimate beside its bound "
                                   "(every peak at 100%%, no latency), with the catalog claims used and anything "
                                   "missing. Formulas: docs/serving.md.")
    s.add_argument("model", help="a model id, name or alias (DeepSeek-V3, Qwen3-235B-A22B, llama-3-1-70b)")
    s.add_argument("--on", action="append", required=True, metavar="CHIPS",
                   help="N chips of a catalog entry: 8xH20, 16x'Ascend 910B', or a system: 'CloudMatrix 384' "
                        "(repeat to compare)")
    s.add_argument("--input-len", type=int, default=2048, help="prompt tokens per request (default 2048)")
    s.add_argument("--output-len", type=int, default=512, help="output tokens per request (default 512)")
    s.add_argument("--batch", default="64", help="requests decoded at once across all chips (default 64); "
                                                 "comma-separated for a sweep: 1,8,64,256")
    s.add_argument("--context", type=float, help="average cached tokens during decode (default input + output/2)")
    for deg in ("tp", "pp", "ep", "dp"):
        s.add_argument(f"--{deg}", type=int, help=f"{deg.upper()} degree (default: chosen)")
    s.add_argument("--weights", choices=PRECISIONS, help="weight precision (default: the checkpoint's own)")
    s.add_argument("--kv", choices=PRECISIONS, default="bf16", help="KV-cache precision (default bf16)")
    s.add_argument("--compute", choices=PRECISIONS, help="matmul precision (default: the weights' if the chip has "
                                                        "a dense rate for it, else bf16)")
    s.add_argument("--mode", choices=("aggregated", "decode"), default="aggregated",
                   help="aggregated: prompts prefilled on the same chips (default); decode: decode-only chips")
    s.add_argument("--draft-tokens", type=int, default=1, help="speculative decoding: tokens verified per step")
    s.add_argument("--accepted", type=float, help="speculative decoding: tokens kept per step on average")
    s.add_argument("--scaleout-bandwidth", type=float, metavar="GB/s",
                   help="network bandwidth per chip between scale-up domains, both directions (not in the catalog)")
    s.add_argument("--efficiency", action="append", metavar="NAME=VALUE",
                   help="override a calibrated efficiency: memory, compute, prefill, network, latency_scaleup_us, "
                        "latency_scaleout_us, layer_us, step_ms")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_serve)
