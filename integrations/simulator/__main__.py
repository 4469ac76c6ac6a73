"""`python -m integrations.simulator --base-url http://127.0.0.1:8000 --accounts accounts.json`

The accounts file is a JSON list of {"kind", "id", "external_id", "credentials": {...}} — what
`backend/manage.py simulate_traffic --export accounts.json` writes for a workspace. Prints a
summary (sent, 2xx/4xx/5xx, latency percentiles); the exit status is 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from integrations.simulator.runner import Simulator, load_accounts, parse_rate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m integrations.simulator", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the running server (default http://127.0.0.1:8000)")
    parser.add_argument("--accounts", required=True, help="JSON file: list of {kind, id, external_id, credentials}")
    parser.add_argument("--rate", default="2/s", help="requests per second: 2/s, 1/5s, 30/m, or max (default 2/s)")
    parser.add_argument(
        "--duration", type=float, default=None, help="stop after this many seconds (default: until Ctrl-C or --messages)"
    )
    parser.add_argument("--messages", type=int, default=None, help="stop after this many webhook requests")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at most (default 8)")
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of requests redelivered (default 0.05)")
    parser.add_argument(
        "--pace", type=float, default=1.0, help="scale the gaps between a customer's messages (default 1; 0 = back to back)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one each run)")
    parser.add_argument(
        "--no-jitter", dest="jitter", action="store_false", help="evenly spaced requests instead of Poisson arrivals"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        rate = parse_rate(args.rate)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    accounts = load_accounts(args.accounts)
    simulator = Simulator(
        args.base_url,
        accounts,
        rate=rate,
        concurrency=args.concurrency,
        seed=args.seed,
        duplicates=args.duplicates,
        pace=args.pace,
        jitter=args.jitter,
    )
    kinds = sorted({a.kind for a in accounts})
    print(
        f"simulating {', '.join(kinds)} customers against {args.base_url} at "
        f"{'max rate' if rate is None else f'{rate:g} req/s'} (seed {simulator.traffic.seed}) …",
        file=sys.stderr,
        flush=True,
    )
    try:
        summary = asyncio.run(simulator.run(duration=args.duration, messages=args.messages))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    print(summary.report())
    return 0 if summary.sent and summary.ok == summary.sent else 1


if __name__ == "__main__":
    sys.exit(main())
