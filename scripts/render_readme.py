#!/usr/bin/env python3
"""Re-renders the README's example blocks from examples/*.cpp (the text between each file's [name] markers)."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
for name in ("quickstart", "worker"):
    source = (root / "examples" / f"{name}.cpp").read_text()
    block = source.split(f"// [{name}]\n")[1]
    readme = re.sub(rf"(<!-- {name}:begin -->\n```cpp\n).*?(```\n<!-- {name}:end -->)",
                    lambda m: m.group(1) + block + m.group(2), readme, flags=re.S)
(root / "README.md").write_text(readme)
