@REM ----------------------------------------------------------------------------
@REM rusticated: find a JDK >= 22 for the build (java.lang.foreign is final in 22).
@REM The Windows counterpart of .mvn/find-jdk.sh; called by mvnw.cmd (and demo.cmd through it).
@REM
@REM  1. If JAVA_HOME is set and its bin\java.exe is version >= 22, keep it.
@REM  2. Otherwise look at the candidates: JAVA_HOME, the java on PATH, the JAVA_HOME_<n>_X64
@REM     variables GitHub's runners set, the registry keys JDK installers write (JavaSoft, Eclipse
@REM     Adoptium, Eclipse Foundation, AdoptOpenJDK, Microsoft, Azul Zulu, BellSoft, Amazon Corretto,
@REM     Semeru, SapMachine; machine and user), and the folders they install into under
@REM     %ProgramFiles%, %LOCALAPPDATA%\Programs, %USERPROFILE%\.jdks and scoop. A candidate needs
@REM     bin\java.exe, bin\javac.exe and bin\jlink.exe; its version comes from its release file. The
@REM     highest feature version >= 22 wins and becomes JAVA_HOME.
@REM  3. If none qualifies, say what was found (on stderr) and exit 1.
@REM
@REM Environment: RUSTICATED_VERBOSE set: say which JDK was chosen (on stderr).
@REM              RUSTICATED_JDK_SEARCH_PATH: ';'-separated JDK homes replacing the candidates (tests).
@REM ----------------------------------------------------------------------------
@echo off
setlocal EnableExtensions EnableDelayedExpansion
set "_rj_min=22"
set "_rj_best="
set "_rj_best_feat=0"
set "_rj_best_ver="
set "_rj_found="
set _rj_seen=

rem 1. An explicit JAVA_HOME that is new enough is kept as it is.
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (
  call :version "%JAVA_HOME%"
  if !_rj_feat! GEQ %_rj_min% (
    set "_rj_best=%JAVA_HOME%"
    set "_rj_best_ver=!_rj_ver!"
    goto :chosen
  )
)

rem 2. The candidates.
if defined RUSTICATED_JDK_SEARCH_PATH (
  for %%D in ("%RUSTICATED_JDK_SEARCH_PATH:;=" "%") do call :consider "%%~D"
  goto :decide
)
if defined JAVA_HOME call :consider "%JAVA_HOME%"
for /f "delims=" %%J in ('where java.exe 2^>nul') do call :consider "%%~dpJ.."
for /f "tokens=1,* delims==" %%A in ('set JAVA_HOME_ 2^>nul') do call :consider "%%B"
for %%R in (HKLM HKCU) do (
  for %%K in ("SOFTWARE\JavaSoft\JDK" "SOFTWARE\JavaSoft\Java Development Kit") do call :registry "%%R\%%~K" JavaHome
  for %%K in ("SOFTWARE\Eclipse Adoptium" "SOFTWARE\Eclipse Foundation" "SOFTWARE\AdoptOpenJDK" "SOFTWARE\Microsoft\JDK" "SOFTWARE\Semeru" "SOFTWARE\SapMachine") do call :registry "%%R\%%~K" Path
  for %%K in ("SOFTWARE\Azul Systems\Zulu" "SOFTWARE\BellSoft\Liberica" "SOFTWARE\Amazon Corretto") do call :registry "%%R\%%~K" InstallationPath
)
for %%P in ("%ProgramFiles%" "%LOCALAPPDATA%\Programs") do (
  for %%V in (Java "Eclipse Adoptium" "Eclipse Foundation" AdoptOpenJDK Microsoft Zulu BellSoft "Amazon Corretto" OpenJDK Semeru "SapMachine\JDK") do (
    for /f "delims=" %%D in ('dir /b /ad "%%~P\%%~V" 2^>nul') do call :consider "%%~P\%%~V\%%D"
  )
)
for /f "delims=" %%D in ('dir /b /ad "%USERPROFILE%\.jdks" 2^>nul') do call :consider "%USERPROFILE%\.jdks\%%D"
for /f "delims=" %%D in ('dir /b /ad "%USERPROFILE%\scoop\apps" 2^>nul') do call :consider "%USERPROFILE%\scoop\apps\%%D\current"

:decide
if not defined _rj_best (
  if not defined _rj_found set "_rj_found=nothing"
  >&2 echo rusticated: no JDK ^>= %_rj_min% found. Found: !_rj_found!.
  >&2 echo rusticated: install one ^(e.g. winget install EclipseAdoptium.Temurin.25.JDK^) or set JAVA_HOME to a JDK ^>= %_rj_min%.
  endlocal
  exit /b 1
)

:chosen
if defined RUSTICATED_VERBOSE >&2 echo rusticated: using JDK !_rj_best_ver! at !_rj_best!
endlocal & set "JAVA_HOME=%_rj_best%"
exit /b 0

rem ---- subroutines ----

rem :registry KEY VALUE - every VALUE under KEY (recursively) is a candidate home.
:registry
for /f "tokens=1,2,*" %%A in ('reg query "%~1" /s /v %2 2^>nul') do (
  if "%%B"=="REG_SZ" call :consider "%%C"
  if "%%B"=="REG_EXPAND_SZ" call :consider "%%C"
)
exit /b 0

rem :version DIR - sets _rj_ver (e.g. 25.0.3) and _rj_feat (25; 8 for 1.8.0_292; 0 when unknown).
:version
set "_rj_ver="
set "_rj_feat=0"
if exist "%~1\release" (
  for /f "usebackq tokens=1,2 delims==" %%A in ("%~1\release") do if "%%A"=="JAVA_VERSION" set "_rj_ver=%%~B"
)
if not defined _rj_ver exit /b 0
for /f "tokens=1,2 delims=.-+_" %%A in ("%_rj_ver%") do (
  if "%%A"=="1" (set "_rj_feat=%%B") else (set "_rj_feat=%%A")
)
exit /b 0

rem :consider DIR - remembers DIR if it is a usable JDK newer than the best so far.
:consider
if "%~1"=="" exit /b 0
if not exist "%~1\bin\java.exe" exit /b 0
set "_rj_dir=%~f1"
rem seen before? (%_rj_seen% is read when this line runs: a list of quoted directories)
for %%S in (%_rj_seen%) do if /i "%%~S"=="%~f1" exit /b 0
set _rj_seen=%_rj_seen% "%~f1"
call :version "!_rj_dir!"
set "_rj_note=!_rj_ver!"
if not defined _rj_note set "_rj_note=unknown version"
if not exist "!_rj_dir!\bin\javac.exe" (
  set "_rj_note=!_rj_note!, no javac"
) else if not exist "!_rj_dir!\bin\jlink.exe" (
  set "_rj_note=!_rj_note!, no jlink"
) else if !_rj_feat! GEQ %_rj_min% if !_rj_feat! GTR !_rj_best_feat! (
  set "_rj_best=!_rj_dir!"
  set "_rj_best_feat=!_rj_feat!"
  set "_rj_best_ver=!_rj_ver!"
)
if defined _rj_found (set "_rj_found=!_rj_found!, !_rj_dir! (!_rj_note!)") else (set "_rj_found=!_rj_dir! (!_rj_note!)")
exit /b 0
