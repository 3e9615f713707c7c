#!/usr/bin/env bash
# Regenerate Onnx.g.cs, the C# messages of ONNX's onnx.proto, with protoc from the Grpc.Tools NuGet package.
# onnx.proto is the ONNX project's own file, unchanged, as tagged v1.12.0 (IR version 8, opset 17), from
# https://github.com/onnx/onnx/blob/v1.12.0/onnx/onnx.proto (Apache-2.0, Copyright (c) ONNX Project Contributors).
# The generated types are internal: the library's public API is OnnxExport, not ONNX's messages.
set -euo pipefail
cd "$(dirname "$0")"
version=2.85.0   # Grpc.Tools; its protoc is libprotoc 35.1, which matches Google.Protobuf 3.x's runtime
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cat > "$work/get.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="Grpc.Tools" Version="$version" /></ItemGroup>
</Project>
PROJECT
dotnet restore "$work/get.csproj" --packages "$work/packages" >/dev/null
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch=x86 ;; esac
protoc="$work/packages/grpc.tools/$version/tools/linux_$arch/protoc"
chmod +x "$protoc"
"$protoc" --proto_path=. --csharp_out="$work" --csharp_opt=internal_access onnx.proto
{
  echo "// SPDX-License-Identifier: Apache-2.0"
  echo "// Generated from onnx.proto (ONNX v1.12.0, Copyright (c) ONNX Project Contributors) by generate.sh; see THIRD-PARTY-NOTICES.md."
  cat "$work/Onnx.cs"
} > Onnx.g.cs
echo "wrote $(pwd)/Onnx.g.cs with $("$protoc" --version)"
