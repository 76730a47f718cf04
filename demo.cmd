@echo off
rem Quick start on Windows: run the demo (a plain Java program, rusticated-demo\) on the rusticated
rem target (the runtime image, rusticated-runtime\target\image), as ./demo does elsewhere.
rem
rem   demo.cmd                      asks for a file name; type one
rem   echo pom.xml| demo.cmd        or pipe it in
rem
rem Builds the image and the demo jar first when either is missing or older than its sources
rem (the build's output goes to stderr, and it never reads this script's stdin). Standard input,
rem output and error pass straight through, and the demo's exit code is this script's.
rem
rem Environment:
rem   DEMO_BUILD=never   never build; fail if the image or the jar is missing (used by the tests)
rem   DEMO_BUILD=always  build even when everything looks fresh
setlocal EnableExtensions
set "ROOT=%~dp0"
set "IMAGE=%ROOT%rusticated-runtime\target\image"
set "JAR=%ROOT%rusticated-demo\target\last-byte.jar"
if not defined DEMO_BUILD set "DEMO_BUILD=auto"
if /i "%DEMO_BUILD%"=="never" goto run
if /i "%DEMO_BUILD%"=="always" goto build
if /i not "%DEMO_BUILD%"=="auto" goto badmode
if not exist "%IMAGE%\bin\java.exe" goto build
if not exist "%IMAGE%\release" goto build
if not exist "%JAR%" goto build
powershell -NoProfile -ExecutionPolicy Bypass -File "%ROOT%.mvn\demo-stale.ps1" "%ROOT%." && goto build
goto run

:build
>&2 echo demo: building the rusticated runtime image and the demo jar (the first build downloads Maven and takes a minute or two)...
call "%ROOT%mvnw.cmd" -q -B -ntp -f "%ROOT%pom.xml" -pl rusticated-runtime,rusticated-demo -am package -DskipTests <NUL 1>&2
if errorlevel 1 goto buildfailed

:run
if not exist "%IMAGE%\bin\java.exe" goto missing
if not exist "%JAR%" goto missing
"%IMAGE%\bin\java.exe" -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:buildfailed
>&2 echo demo: the build failed; see above
exit /b 70

:missing
>&2 echo demo: no runtime image at %IMAGE% or no demo jar at %JAR%; run without DEMO_BUILD=never to build them
exit /b 70

:badmode
>&2 echo demo: DEMO_BUILD must be auto, never or always, not '%DEMO_BUILD%'
exit /b 64
