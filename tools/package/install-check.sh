#!/usr/bin/env bash
# Prove the packages install and update as the README says, from the committed state of this repository:
#   1. pack both packages in a clean clone (as CI builds: CI=true, deterministic), and as the README says (`dotnet pack
#      -c Release -o packages`, not as CI): both packages get the commit's version, the same, with no fourth number;
#   2. check the library package: readme, licence, XML docs, symbols (.snupkg) whose PDB has SourceLink to the commit;
#   3. install the tool into a folder of its own (--tool-path: never the machine's ~/.dotnet/tools, and a NuGet cache
#      of its own), run it: --version, train (model and figure), export;
#   4. commit a change, pack again, `dotnet tool update`: the new build is installed;
#   5. change a file without committing, pack again, update: that build is installed too;
#   6. an ML.NET application with the one package Backprop.MLNet from the feed: the README's ML.NET snippet as its
#      program (train, cross-validate, save, load, predict), and its size published for linux-x64.
# Prints what it checks and ends with "install-check: ok"; exits 1 at the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "install-check: FAILED: $*" >&2; exit 1; }
git_() { git -c user.name=install-check -c user.email=install-check@localhost "$@"; }

if [ "$(git -C "$repo" rev-parse --is-shallow-repository)" = "false" ]; then
  git clone -q "$repo" "$work/clone"
  cd "$work/clone"
  git remote set-url origin https://github.com/backprop-dotnet/backprop   # the public home, so SourceLink maps it
else
  # A shallow clone cannot count its commits (versions need that): the committed files as a repository of their own.
  mkdir "$work/clone" && git -C "$repo" archive HEAD | tar -x -C "$work/clone"
  cd "$work/clone"
  git init -q -b main && git add -A && git_ commit -qm "install-check: the committed files of $(git -C "$repo" rev-parse --short HEAD)"
  git remote add origin https://github.com/backprop-dotnet/backprop
fi
feed="$work/feed"
pack() { dotnet pack -c Release -o "$feed" "$@" 2>&1 | grep -E "error|Successfully created" || true; }

echo "== pack (CI=true)"
CI=true pack
count=$(git rev-list --count HEAD); commit=$(git rev-parse HEAD)
prefix=$(sed -n 's:.*<VersionPrefix>\([0-9]*\.[0-9]*\)\..*</VersionPrefix>.*:\1:p' Directory.Build.props)
version="$prefix.$count"
for f in "Backprop.$version.nupkg" "Backprop.$version.snupkg" "Backprop.Cli.$version.nupkg" "Backprop.Cli.$version.snupkg" \
         "Backprop.MLNet.$version.nupkg" "Backprop.MLNet.$version.snupkg"; do
  [ -f "$feed/$f" ] || fail "no $f in the feed: $(ls "$feed")"
done
echo "packages: $(cd "$feed" && for f in *; do printf '%s %s bytes; ' "$f" "$(stat -c %s "$f")"; done)"

echo "== pack as the README says, into packages/"
(unset CI; dotnet pack -c Release -o packages 2>&1 | grep -E "error" || true)
for f in "Backprop.$version.nupkg" "Backprop.Cli.$version.nupkg" "Backprop.MLNet.$version.nupkg"; do
  [ -f "packages/$f" ] || fail "dotnet pack -o packages made $(ls packages | tr '\n' ' ')instead of $f: the packed tree counts as changed"
done
[ -z "$(git status --porcelain)" ] || fail "packing left the clone changed: $(git status --porcelain | head -3)"
rm -rf packages
echo "README's pack: Backprop, Backprop.MLNet and Backprop.Cli $version"

echo "== the library package"
lib="$work/lib"; mkdir -p "$lib"; (cd "$lib" && unzip -q "$feed/Backprop.$version.nupkg")
for f in README.md LICENSE lib/net10.0/Backprop.dll lib/net10.0/Backprop.xml; do [ -f "$lib/$f" ] || fail "the library package has no $f"; done
nuspec="$lib/Backprop.nuspec"
grep -q '<license type="expression">MIT</license>' "$nuspec" || fail "no MIT licence in the nuspec"
grep -q '<readme>README.md</readme>' "$nuspec" || fail "no readme in the nuspec"
grep -q '<repository type="git" url="https://github.com/backprop-dotnet/backprop"' "$nuspec" && grep -q "commit=\"$commit\"" "$nuspec" \
  || fail "no repository and commit in the nuspec"
grep -q '<projectUrl>' "$nuspec" && grep -q '<tags>' "$nuspec" && grep -q '<description>Exact, fast backpropagation' "$nuspec" || fail "no project URL, tags or description"
symbols="$work/symbols"; mkdir -p "$symbols"; (cd "$symbols" && unzip -q "$feed/Backprop.$version.snupkg")
grep -aq "raw.githubusercontent.com/backprop-dotnet/backprop/$commit/" "$symbols/lib/net10.0/Backprop.pdb" || fail "the PDB has no SourceLink to the commit"
grep -aq "\"/_/\*\":\"https://raw.githubusercontent.com/backprop-dotnet/backprop/$commit/\*\"" "$symbols/lib/net10.0/Backprop.pdb" || fail "the PDB does not map its deterministic paths (/_/) to the commit"
relative=$(grep -oE '\]\((#|[^):]+(\)|#))' "$lib/README.md" | head -3 || true)
[ -z "$relative" ] || fail "the package's readme has relative links, which nuget.org cannot follow: $relative"
grep -q "](https://raw.githubusercontent.com/backprop-dotnet/backprop/$commit/docs/training.png)" "$lib/README.md" || fail "the package's readme does not show the figure from the commit"
echo "library: readme (links and images absolute, to the commit), MIT, repository $commit, XML docs, symbols with SourceLink"

echo "== the ML.NET package"
mlnet="$work/mlnet"; mkdir -p "$mlnet"; (cd "$mlnet" && unzip -q "$feed/Backprop.MLNet.$version.nupkg")
for f in README.md LICENSE lib/net10.0/Backprop.MLNet.dll lib/net10.0/Backprop.MLNet.xml; do [ -f "$mlnet/$f" ] || fail "the ML.NET package has no $f"; done
for dependency in "Backprop\" version=\"$version\"" 'Microsoft.ML" version=' 'Microsoft.ML.OnnxTransformer" version=' 'Microsoft.ML.OnnxRuntime" version='; do
  grep -q "<dependency id=\"$dependency" "$mlnet/Backprop.MLNet.nuspec" || fail "the ML.NET package does not depend on $dependency"
done
echo "ML.NET package: $(stat -c %s "$feed/Backprop.MLNet.$version.nupkg") bytes; depends on Backprop $version, Microsoft.ML, its ONNX step and ONNX Runtime"

echo "== the tool package: only what it needs"
platforms=$(unzip -Z1 "$feed/Backprop.Cli.$version.nupkg" | sed -n 's:^tools/net10.0/any/runtimes/\([^/]*\)/.*:\1:p' | sort -u | tr '\n' ' ')
[ "$platforms" = "linux-arm64 linux-musl-arm64 linux-musl-x64 linux-x64 osx win-arm64 win-x64 " ] || fail "native libraries for: $platforms"
! unzip -Z1 "$feed/Backprop.Cli.$version.nupkg" | grep -q '\.resources\.dll$' || fail "resource assemblies for other languages in the tool package"
! unzip -Z1 "$feed/Backprop.Cli.$version.nupkg" | grep -q 'libHarfBuzzSharp' || fail "HarfBuzz's native libraries in the tool package (the figures never call them)"
size=$(stat -c %s "$feed/Backprop.Cli.$version.nupkg")
[ "$size" -le 40000000 ] || fail "the tool package is $size bytes, more than 40 MB"
echo "tool: native libraries for $platforms; no other languages' resources; $size bytes"

echo "== install the tool"
export NUGET_PACKAGES="$work/nuget"   # the tool's installs use a cache of their own
tools="$work/tools"
dotnet tool install Backprop.Cli --tool-path "$tools" --add-source "$feed" >/dev/null
got=$("$tools/backprop" --version)
[ "$got" = "$version (commit ${commit:0:12})" ] || fail "--version says '$got', not '$version (commit ${commit:0:12})'"
mkdir "$work/run" && cd "$work/run"
"$tools/backprop" train --iterations 300 --quiet >/dev/null
[ -s model.json ] && [ -s training.png ] || fail "train wrote no model or figure"
"$tools/backprop" export --model model.json >/dev/null && [ -s model.onnx ] || fail "export wrote no model.onnx"
echo "installed $got: train and export run"

echo "== commit a change, pack, update"
cd "$work/clone"
echo "<!-- rebuilt by install-check -->" >> README.md
git_ commit -qam "a change" && unset NUGET_PACKAGES
CI=true pack >/dev/null
export NUGET_PACKAGES="$work/nuget"
version2="$prefix.$((count + 1))"; commit2=$(git rev-parse HEAD)
dotnet tool update Backprop.Cli --tool-path "$tools" --add-source "$feed" >/dev/null
got=$("$tools/backprop" --version)
[ "$got" = "$version2 (commit ${commit2:0:12})" ] || fail "after the update --version says '$got', not '$version2 (commit ${commit2:0:12})'"
echo "updated to $got"

echo "== change without committing, pack, update"
echo "<!-- and again -->" >> README.md
unset NUGET_PACKAGES
(unset CI; pack) >/dev/null   # as a developer packs, not as CI (whose builds are deterministic)
export NUGET_PACKAGES="$work/nuget"
dotnet tool update Backprop.Cli --tool-path "$tools" --add-source "$feed" >/dev/null
installed=$(dotnet tool list --tool-path "$tools" | awk '$1 == "backprop.cli" {print $2}')
case "$installed" in "$version2".*) ;; *) fail "after packing uncommitted changes the installed version is $installed, not $version2.<seconds>" ;; esac
echo "updated to $installed"

echo "== an ML.NET application with one package"
# Backprop's packages come from the feed into a cache of this check's own; ML.NET and ONNX Runtime (160 MB) are read
# where the tests' restore left them (a fallback folder, never written), or else fetched from nuget.org.
unset NUGET_PACKAGES
machine_cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
export NUGET_PACKAGES="$work/nuget"
app="$work/mlnet-app"; mkdir -p "$app"
cat > "$app/App.csproj" <<CSPROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Backprop.MLNet" Version="$version" />
  </ItemGroup>
</Project>
CSPROJ
printf '<configuration><packageSources><add key="backprop" value="%s" /></packageSources><fallbackPackageFolders><add key="machine" value="%s" /></fallbackPackageFolders></configuration>\n' \
  "$feed" "$machine_cache" > "$app/nuget.config"
# The README's ML.NET snippet is the whole program.
awk '/^## In ML.NET/ {section = 1} section && /^```csharp/ {code = 1; next} code && /^```/ {exit} code' "$work/clone/README.md" > "$app/Program.cs"
grep -q 'Trainers.Backprop()' "$app/Program.cs" || fail "no ML.NET snippet in the README"
cp "$work/clone/docs/iris.csv" "$app/iris.csv"
out=$(cd "$app" && dotnet run -c Release 2>&1) || fail "the README's ML.NET snippet did not run: $(echo "$out" | tail -5)"
echo "$out" | grep -qE '^5-fold micro-accuracy 0\.9[0-9]+$' || fail "the snippet printed no cross-validated accuracy: $(echo "$out" | tail -3)"
echo "$out" | grep -qE '^virginica: ' || fail "the snippet's loaded model did not predict virginica: $(echo "$out" | tail -3)"
[ -s "$app/iris-model.zip" ] || fail "the snippet saved no model"
(cd "$app" && dotnet publish -c Release -r linux-x64 --self-contained false -o "$app/published" 2>&1 | grep -E " error " || true)
[ -f "$app/published/libonnxruntime.so" ] || fail "the published app has no ONNX Runtime"
echo "ML.NET app: $(echo "$out" | tr '\n' ' '); published for linux-x64: $(du -sb "$app/published" | cut -f1) bytes"
echo "install-check: ok"
