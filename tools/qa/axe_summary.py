#!/usr/bin/env python3
"""One-line summary of the JSON files @axe-core/cli saved (tools/qa/run.sh).

    axe_summary.py DIR

Prints "N violation(s) on M page(s): rule (pages), ..." for the summary at
the end of run.sh; the CLI has already printed each violation in detail.
"""

import json
import os
import sys


def main():
    folder = sys.argv[1]
    by_rule = {}
    pages = set()
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                results = json.load(f)
            for result in results:
                for v in result.get("violations", []):
                    by_rule.setdefault(v["id"], set()).add(result["url"])
                    pages.add(result["url"])
    rules = ", ".join(f"{r} ({len(p)} p.)" for r, p in sorted(by_rule.items()))
    print(f"{len(by_rule)} règle(s) en défaut sur {len(pages)} page(s) : {rules}")


if __name__ == "__main__":
    main()
