#!/usr/bin/env python3
"""Generates pkg/src/messages.ts: English templates for the UI text ids Kratos emits, read from Kratos' own
text/ package of two releases: v1.3.1 (Go module cache: `go mod download -json github.com/ory/kratos@v1.3.1`)
and v26.2.0 (its source tarball, ../shared/kratos/kratos-v26.2.0-src.tar.gz by default; the module proxy
refuses v25+). Where the releases' texts differ, the newer wins. Go verbs (`%s`, `%d`, `%v`, `%q`, and with an
explicit argument index such as `%[1]q`) become `{context_key}` placeholders when the argument is also put into
the message's context (`%q` keeps Go's quotes: `"{key}"`); messages whose text cannot be templated that way are
left out (the formatter then shows Kratos' own text). Run by hand when moving to a new Kratos release:
    python3 scripts/gen-messages.py [V1_SOURCE [V26_SOURCE]]     (a text/ directory or a source .tar.gz)
The output is committed; nothing in the build or the tests runs this."""
import json, os, re, subprocess, sys, tarfile, tempfile

def kratos_text_dir(version="v1.3.1"):
    out = subprocess.run(["go", "mod", "download", "-json", f"github.com/ory/kratos@{version}"],
                         capture_output=True, text=True, check=True, cwd="/tmp")
    return os.path.join(json.loads(out.stdout)["Dir"], "text")

def ids(src):
    table, base, n = {}, None, 0
    for line in src.splitlines():
        m = re.match(r"\s*(\w+)\s+ID\s*=\s*(\d+)\s*\+\s*iota", line)
        if m:
            base, n = int(m.group(2)), 0
            table[m.group(1)] = base
            n = 1
            continue
        m = re.match(r"\s*(\w+)\s+ID\s*=\s*(\d+)\s*$", line)
        if m:
            table[m.group(1)] = int(m.group(2)); base = None
            continue
        if line.strip().startswith(")"):
            base = None
            continue
        m = re.match(r"\s*([A-Z]\w+)\s*(//.*)?$", line)
        if m and base is not None:
            table[m.group(1)] = base + n
            n += 1
    return table

def go_string(lit):
    return json.loads(lit) if lit.startswith('"') else lit.strip("`")

def messages(text_dir, id_table):
    out = {}
    for name in sorted(os.listdir(text_dir)):
        if not name.startswith("message_") or name.endswith("_test.go"):
            continue
        src = open(os.path.join(text_dir, name)).read()
        for block in re.findall(r"&Message\{(.*?)\n\t\}", src, re.S):
            mid = re.search(r"ID:\s*(\w+)", block)
            if not mid or mid.group(1) not in id_table:
                continue
            ctx = dict((v.strip(), k) for k, v in re.findall(r'"(\w+)":\s*([^,\n]+),', block))
            lit = re.search(r'Text:\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*,', block)
            spf = re.search(r'Text:\s*fmt\.Sprintf\(\s*("(?:[^"\\]|\\.)*")\s*,\s*(.*?)\),\s*\n', block, re.S)
            if lit:
                out[id_table[mid.group(1)]] = go_string(lit.group(1))
            elif spf:
                fmt, args = go_string(spf.group(1)), [a.strip() for a in spf.group(2).split(",") if a.strip()]
                keys = [ctx.get(a) for a in args]
                template = go_template(fmt, keys)
                if template is not None:
                    out[id_table[mid.group(1)]] = template
    return out

VERB = re.compile(r"%(?:\[(\d+)\])?([sdvqf%])")

def go_template(fmt, keys):
    """`fmt` with Go's verbs replaced by `{key}` of their argument (fmt.Sprintf's argument order: an explicit
    index `%[n]v` takes argument n and the next plain verb takes n+1); None if any argument is not in the
    context or the verbs and arguments do not match up."""
    used, n, failed = set(), 0, False
    def verb(m):
        nonlocal n, failed
        if m.group(2) == "%":
            return "%"
        if m.group(1):
            n = int(m.group(1)) - 1
        if n >= len(keys) or keys[n] is None:
            failed = True
            return ""
        key = keys[n]
        used.add(n)
        n += 1
        return '"{' + key + '}"' if m.group(2) == "q" else "{" + key + "}"
    out = VERB.sub(verb, fmt)
    return None if failed or len(used) != len(keys) else out

def text_dir_of(src, tmp):
    """A text/ directory: `src` itself, or extracted from a source tarball."""
    if os.path.isdir(src):
        return src
    with tarfile.open(src) as tar:
        members = [m for m in tar.getmembers() if re.search(r"(^|/)text/[^/]+\.go$", m.name)]
        tar.extractall(tmp, members=members, filter="data")
    return os.path.dirname(os.path.join(tmp, members[0].name))

def table(text_dir):
    return messages(text_dir, ids(open(os.path.join(text_dir, "id.go")).read()))

def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    v1 = sys.argv[1] if len(sys.argv) > 1 else kratos_text_dir()
    v26 = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "..", "shared", "kratos", "kratos-v26.2.0-src.tar.gz")
    with tempfile.TemporaryDirectory() as tmp:
        old, new = table(text_dir_of(v1, tmp + "/v1")), table(text_dir_of(v26, tmp + "/v26"))
    msgs = {**old, **new}
    changed = sorted(k for k in old if k in new and old[k] != new[k])
    added = sorted(k for k in new if k not in old)
    lines = ["// Generated by scripts/gen-messages.py from Ory Kratos v1.3.1 and v26.2.0 text/*.go. Do not edit.",
             "// English templates by message id; `{key}` is filled from the message's `context`. Where the two",
             f"// releases differ the v26.2.0 text is used (changed: {', '.join(map(str, changed)) or 'none'}).",
             f"// New in v26.2.0: {', '.join(map(str, added)) or 'none'}.",
             "export const KRATOS_MESSAGES: Readonly<Record<number, string>> = {"]
    for k in sorted(msgs):
        lines.append(f"  {k}: {json.dumps(msgs[k], ensure_ascii=False)},")
    lines.append("};")
    path = os.path.join(root, "pkg", "src", "messages.ts")
    open(path, "w").write("\n".join(lines) + "\n")
    print(f"{len(msgs)} messages ({len(old)} v1.3.1, {len(new)} v26.2.0; {len(changed)} changed, {len(added)} new) -> {os.path.normpath(path)}")

main()
