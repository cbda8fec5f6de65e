#!/usr/bin/env bash
# cli_bake.sh - `reco bake` and `reco extract` end to end: credentials (OB 3.0 JSON, VC-JWT,
# OB 2.0 assertion, hosted URL) baked into PNG and SVG come back byte for byte, re-baking
# replaces, and corrupt or hostile images give exit 1 or 2 with an error line, never a crash.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
e2e_require
e2e_tmpdir

# expect_exit CODE DESCRIPTION -- COMMAND...: run, keep stdout/stderr in $tmp/out, $tmp/err.
expect_exit() {
    local want=$1 what=$2
    shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -ge 128 ]; then
        fail "$what: crashed (exit $got)"
        return 1
    fi
    if [ "$got" -ne "$want" ]; then
        fail "$what: exit $got, expected $want (stderr: $(head -c 300 "$tmp/err"))"
        return 1
    fi
    if [ "$want" -ne 0 ] && ! grep -q '^error: ' "$tmp/err"; then
        fail "$what: no 'error:' line on stderr"
        return 1
    fi
    return 0
}

# expect_stderr DESCRIPTION TEXT: the last command's stderr mentions TEXT.
expect_stderr() {
    grep -q -- "$2" "$tmp/err" || fail "$1: stderr lacks '$2' ($(head -c 300 "$tmp/err"))"
}

# A 1x1 greyscale PNG and a small SVG to bake into.
echo 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==' |
    base64 -d >"$tmp/plain.png"
cat >"$tmp/plain.svg" <<'SVG'
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">
  <circle cx="4" cy="4" r="3"/>
</svg>
SVG

cat >"$tmp/v3.json" <<'JSON'
{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:2f0c6ac1-4b0a-4f4e-9b1e-5b3c1f1d6a10",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Cuisine ]]> & <sauces> \"fines\" caf\u00e9",
  "issuer": {"id": "https://example.org/issuers/1", "type": ["Profile"], "name": "Example"},
  "validFrom": "2026-01-01T00:00:00Z",
  "credentialSubject": {"type": ["AchievementSubject"]}
}
JSON
cat >"$tmp/v2.json" <<'JSON'
{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
 "id": "https://example.org/assertions/123?a=1&b=2", "verification": {"type": "hosted"}}
JSON
printf '%s\n' 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2lnbmF0dXJl' >"$tmp/v3.jwt"
printf '%s\n' 'https://example.org/assertions/123' >"$tmp/hosted.url"

# ---------------------------------------------------------------- round trips
for img in png svg; do
    for cred in v3.json v2.json v3.jwt; do
        what="$cred into $img"
        expect_exit 0 "bake $what" -- "$RECO_BIN" bake --credential "$tmp/$cred" \
            --image "$tmp/plain.$img" --out "$tmp/baked.$img" || continue
        expect_exit 0 "extract $what" -- "$RECO_BIN" extract "$tmp/baked.$img" || continue
        cmp -s "$tmp/out" "$tmp/$cred" || fail "$what: extracted text differs from the credential"
    done
    expect_exit 0 "bake hosted URL into $img" -- "$RECO_BIN" bake --ob2 \
        --credential "$tmp/hosted.url" --image "$tmp/plain.$img" --out "$tmp/url.$img"
    expect_exit 0 "extract hosted URL from $img" -- "$RECO_BIN" extract --info "$tmp/url.$img"
    cmp -s "$tmp/out" "$tmp/hosted.url" || fail "URL in $img: extracted text differs"
    expect_stderr "URL in $img" "openbadges 2 url"
done

# The version follows the credential's @context, or --ob2.
"$RECO_BIN" bake --credential "$tmp/v2.json" --image "$tmp/plain.png" --out "$tmp/v2.png" 2>/dev/null
expect_exit 0 "extract --info v2" -- "$RECO_BIN" extract --info "$tmp/v2.png"
expect_stderr "OB 2.0 assertion baked as 2.0" "openbadges 2 json"
"$RECO_BIN" bake --credential "$tmp/v3.jwt" --image "$tmp/plain.svg" --out "$tmp/jwt.svg" 2>/dev/null
expect_exit 0 "extract --info jwt" -- "$RECO_BIN" extract --info "$tmp/jwt.svg"
expect_stderr "VC-JWT baked as 3.0" "openbadges 3 jwt"
grep -q 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' "$tmp/jwt.svg" ||
    fail "baked SVG lacks the OB 3.0 namespace declaration"
"$RECO_BIN" bake --ob2 --credential "$tmp/v3.jwt" --image "$tmp/plain.png" --out "$tmp/f.png" 2>/dev/null
expect_exit 0 "extract --info --ob2" -- "$RECO_BIN" extract --info "$tmp/f.png"
expect_stderr "--ob2 forces 2.0" "openbadges 2 jwt"
# A URL alone is a hosted 2.0 assertion: only 2.0 bakes URLs.
"$RECO_BIN" bake --credential "$tmp/hosted.url" --image "$tmp/plain.png" --out "$tmp/u.png" 2>/dev/null
expect_exit 0 "extract --info URL" -- "$RECO_BIN" extract --info "$tmp/u.png"
expect_stderr "a URL is baked as 2.0" "openbadges 2 url"
printf 'hello\n' >"$tmp/hello.txt"
expect_exit 2 "bake text that is no credential" -- "$RECO_BIN" bake --credential "$tmp/hello.txt" \
    --image "$tmp/plain.png" --out "$tmp/x.png"
expect_stderr "text that is no credential" "neither JSON"

# A byte order mark before the JSON is not baked.
printf '\357\273\277' | cat - "$tmp/v3.json" >"$tmp/bom.json"
"$RECO_BIN" bake --credential "$tmp/bom.json" --image "$tmp/plain.svg" --out "$tmp/bom.svg" 2>/dev/null
expect_exit 0 "extract BOM credential" -- "$RECO_BIN" extract "$tmp/bom.svg"
cmp -s "$tmp/out" "$tmp/v3.json" || fail "BOM credential: extracted text differs"

# ---------------------------------------------------------------- re-baking replaces
for img in png svg; do
    "$RECO_BIN" bake --credential "$tmp/v2.json" --image "$tmp/plain.$img" --out "$tmp/r1.$img"
    expect_exit 0 "re-bake $img" -- "$RECO_BIN" bake --credential "$tmp/v3.json" \
        --image "$tmp/r1.$img" --out "$tmp/r2.$img"
    expect_exit 0 "extract re-baked $img" -- "$RECO_BIN" extract --info "$tmp/r2.$img"
    cmp -s "$tmp/out" "$tmp/v3.json" || fail "re-baked $img: not the new credential"
    expect_stderr "re-baked $img" "openbadges 3 json"
done
if grep -q 'openbadges:assertion' "$tmp/r2.svg"; then
    fail "re-baked SVG still holds the old assertion"
fi

# Standard output as --out.
"$RECO_BIN" bake --credential "$tmp/v3.json" --image "$tmp/plain.png" --out - >"$tmp/stdout.png"
expect_exit 0 "bake to stdout" -- "$RECO_BIN" extract "$tmp/stdout.png"

# ---------------------------------------------------------------- bad input
expect_exit 2 "bake without arguments" -- "$RECO_BIN" bake
expect_exit 0 "bake --help" -- "$RECO_BIN" bake --help
grep -q '^usage: reco bake' "$tmp/out" || fail "bake --help prints no usage"
expect_exit 0 "extract --help" -- "$RECO_BIN" extract --help
expect_exit 2 "extract without arguments" -- "$RECO_BIN" extract
expect_exit 2 "extract a missing file" -- "$RECO_BIN" extract "$tmp/missing.png"
expect_exit 2 "extract a text file" -- "$RECO_BIN" extract "$tmp/v3.json"
expect_stderr "text file" "not a PNG or SVG"
expect_exit 1 "extract an unbaked PNG" -- "$RECO_BIN" extract "$tmp/plain.png"
expect_stderr "unbaked PNG" "no baked credential"

size=$(wc -c <"$tmp/baked.png")
head -c $((size - 20)) "$tmp/baked.png" >"$tmp/truncated.png"
expect_exit 1 "extract a truncated PNG" -- "$RECO_BIN" extract "$tmp/truncated.png"
expect_stderr "truncated PNG" "truncated"
# Flip one byte inside the iTXt text (offset 8 + 25 + 8 + 40): its CRC no longer matches.
cp "$tmp/baked.png" "$tmp/badcrc.png"
printf 'X' | dd of="$tmp/badcrc.png" bs=1 seek=81 conv=notrunc 2>/dev/null
expect_exit 1 "extract a PNG with a bad CRC" -- "$RECO_BIN" extract "$tmp/badcrc.png"
expect_stderr "bad CRC" "bad CRC"
expect_exit 2 "bake into a corrupt PNG" -- "$RECO_BIN" bake --credential "$tmp/v3.json" \
    --image "$tmp/badcrc.png" --out "$tmp/x.png"
[ -e "$tmp/x.png" ] && fail "a failed bake left an output file"

cat >"$tmp/laughs.svg" <<'SVG'
<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
  <openbadges:credential>&lol2;</openbadges:credential>
</svg>
SVG
expect_exit 1 "extract an SVG with entity declarations" -- "$RECO_BIN" extract "$tmp/laughs.svg"
expect_stderr "billion laughs" "ENTITY"
expect_exit 2 "bake into an SVG with entity declarations" -- "$RECO_BIN" bake \
    --credential "$tmp/v3.json" --image "$tmp/laughs.svg" --out "$tmp/x.svg"
cat >"$tmp/two.svg" <<'SVG'
<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">
  <openbadges:credential verify="a.b.c"/>
  <openbadges:credential verify="d.e.f"/>
</svg>
SVG
expect_exit 1 "extract an SVG with two credentials" -- "$RECO_BIN" extract "$tmp/two.svg"
expect_stderr "two credentials" "2 baked credentials; one is allowed"
printf '{"a": ' >"$tmp/broken.json"
expect_exit 2 "bake a credential that is not JSON" -- "$RECO_BIN" bake \
    --credential "$tmp/broken.json" --image "$tmp/plain.png" --out "$tmp/x.png"

# ---------------------------------------------------------------- public fixtures
vectors=${RECO_VECTORS:-}
if [ -n "$vectors" ] && [ -d "$vectors/ob3-examples/1edtech-validator" ]; then
    for f in ob3-examples/1edtech-validator/simple-json.png \
        ob3-examples/1edtech-validator/simple-jwt.svg \
        ob2-fixtures/openbadges-validator-core/baked_heart.png; do
        expect_exit 0 "extract $f" -- "$RECO_BIN" extract "$vectors/$f"
        [ -s "$tmp/out" ] || fail "extract $f printed nothing"
    done
else
    echo "note: public vectors absent, fixture images not tried"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "ok"
