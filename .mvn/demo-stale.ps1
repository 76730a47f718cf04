# demo.cmd's freshness check: exits 0 when the runtime image or the demo jar is older than a source
# it is built from (demo.cmd then builds them), 1 when both are up to date. What ./demo's
# needs_build does with find -newer.
param([string]$Root)
$release = Get-Item -LiteralPath (Join-Path $Root 'rusticated-runtime\target\image\release')
$jar = Get-Item -LiteralPath (Join-Path $Root 'rusticated-demo\target\last-byte.jar')

function Test-Newer([string[]]$Paths, $Than) {
    foreach ($p in $Paths) {
        $full = Join-Path $Root $p
        if (Test-Path -LiteralPath $full) {
            $newer = Get-ChildItem -LiteralPath $full -Recurse -File | Where-Object { $_.LastWriteTime -gt $Than.LastWriteTime } | Select-Object -First 1
            if ($newer) { return $true }
        }
    }
    return $false
}

$imageSources = 'pom.xml', 'rusticated-core\pom.xml', 'rusticated-core\src\main', 'rusticated-windows\pom.xml',
                'rusticated-windows\src\main', 'rusticated-runtime\pom.xml'
$demoSources = 'rusticated-demo\pom.xml', 'rusticated-demo\src\main'
if ((Test-Newer $imageSources $release) -or (Test-Newer $demoSources $jar)) { exit 0 }
exit 1
