# SPDX-License-Identifier: GPL-3.0-or-later
# check_paths.cmake: the repository stands alone. Fails if a file of the repository refers to the
# workbench folder beside it (the "shared" folder, by its relative path or by its sub-folders),
# to an absolute path of the machine it was written on, or if a Markdown link leaves the repository.
#   cmake -DROOT=<source dir> -P tests/check_paths.cmake
# The files are those git tracks (git ls-files); without git, every file under ROOT outside .git and
# the build folders (build*/, CMakeFiles/).
cmake_minimum_required(VERSION 3.16)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_paths.cmake")
endif()
get_filename_component(ROOT "${ROOT}" REALPATH)

set(files "")
find_program(GIT git)
if(GIT AND EXISTS "${ROOT}/.git")
  execute_process(COMMAND ${GIT} -c core.quotepath=off ls-files WORKING_DIRECTORY "${ROOT}" OUTPUT_VARIABLE out RESULT_VARIABLE rc
                  ERROR_QUIET)
  if(rc EQUAL 0)
    string(STRIP "${out}" out)
    string(REPLACE "\n" ";" files "${out}")
  endif()
endif()
if(NOT files)
  file(GLOB_RECURSE all RELATIVE "${ROOT}" "${ROOT}/*")
  foreach(f IN LISTS all)
    if(f MATCHES "^(\\.git|build[^/]*)/" OR f MATCHES "/CMakeFiles/")
      continue()
    endif()
    list(APPEND files "${f}")
  endforeach()
endif()

# The patterns are split so that this file does not match itself.
set(sh "sha")
string(APPEND sh "red")
set(forbidden
    "\\.\\./${sh}"           # the folder by its relative path, from the root or from docs/
    "(^|[^a-z_])${sh}/data"  # its sub-folders by name
    "(^|[^a-z_])${sh}/tools"
    "(^|[^a-z_])${sh}/seed"
    "(^|[^a-z_])${sh}/hooks"
    "${sh}/MODEL"
    "${sh}/ARCHITECTURE"
    "${sh}/STYLE"
    "/w[o]rk/"               # absolute paths of the workbench machine
    "/h[o]me/[a-z]")

set(bad 0)
set(checked 0)
foreach(f IN LISTS files)
  if(f STREQUAL "" OR f MATCHES "\\.(png|jpg|jpeg|gif|svg|pdf|gz|tzck)$" OR NOT EXISTS "${ROOT}/${f}")
    continue()
  endif()
  file(READ "${ROOT}/${f}" text)
  math(EXPR checked "${checked} + 1")
  foreach(p IN LISTS forbidden)
    string(REGEX MATCH "[^\n]*${p}[^\n]*" hit "${text}")
    if(hit)
      string(STRIP "${hit}" hit)
      message(SEND_ERROR "${f}: refers outside the repository (pattern ${p}): ${hit}")
      math(EXPR bad "${bad} + 1")
    endif()
  endforeach()
  # Markdown links must resolve inside the repository.
  if(f MATCHES "\\.md$")
    get_filename_component(dir "${ROOT}/${f}" DIRECTORY)
    string(REGEX MATCHALL "\\]\\([^)# ]+" links "${text}")
    foreach(l IN LISTS links)
      string(SUBSTRING "${l}" 2 -1 target)
      if(target MATCHES "^[a-z]+:")
        continue() # http:, https:, mailto:
      endif()
      get_filename_component(abs "${dir}/${target}" ABSOLUTE)
      string(LENGTH "${ROOT}/" n)
      string(SUBSTRING "${abs}/" 0 ${n} head)
      if(NOT head STREQUAL "${ROOT}/")
        message(SEND_ERROR "${f}: the link (${target}) leaves the repository")
        math(EXPR bad "${bad} + 1")
      endif()
    endforeach()
  endif()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no file checked under ${ROOT}")
endif()
if(bad GREATER 0)
  message(FATAL_ERROR "${bad} reference(s) outside the repository")
endif()
message(STATUS "${checked} files: no reference outside the repository")
