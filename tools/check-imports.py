#!/usr/bin/env python3
"""Every module a target imports is declared among its dependencies in Package.swift.

    python3 tools/check-imports.py      # exit 1 and a list when a target imports an undeclared module
"""
import glob
import os
import re
import sys

SYSTEM = {"Foundation", "FoundationXML", "FoundationEssentials", "Testing", "Dispatch", "Glibc", "Darwin", "XCTest",
          "PackageDescription", "Synchronization", "os"}
# Modules a declared product brings with it (Yams's C parser, which the YAML budget reads directly).
COMES_WITH = {"Yams": {"CYaml"}}

package = open("Package.swift").read()
targets = {}
for m in re.finditer(r'\.(?:target|executableTarget|testTarget)\(\s*name: "(\w+)",\s*dependencies: \[(.*?)\]', package, re.S):
    names = set(re.findall(r'"(\w+)"', m.group(2)))
    products = set(re.findall(r'product\(name: "(\w+)"', m.group(2)))
    targets[m.group(1)] = names | products | set().union(*(COMES_WITH.get(p, set()) for p in products))
for m in re.finditer(r'\.target\(name: "(\w+)"\)', package):
    targets.setdefault(m.group(1), set())

problems = []
for target, declared in sorted(targets.items()):
    folder = f"Sources/{target}" if os.path.isdir(f"Sources/{target}") else f"Tests/{target}"
    imported = set()
    for path in glob.glob(folder + "/**/*.swift", recursive=True):
        imported |= set(re.findall(r"^(?:@testable )?import (\w+)", open(path).read(), re.M))
    undeclared = sorted(imported - declared - SYSTEM - {target})
    if undeclared:
        problems.append(f"{target} imports {', '.join(undeclared)} without declaring it in Package.swift")
print("\n".join(problems) if problems else f"every import of {len(targets)} targets is declared")
sys.exit(1 if problems else 0)
