# SPDX-License-Identifier: GPL-3.0-or-later
# check_literals.cmake: `tzsim check` refuses each scenario of tests/fuzz/literals/ with exit
# status 2, nothing on stdout and exactly the stderr of its .expected file (as tests/bad/ does).
# These are the integer literals libconfig 1.5 reads wrongly (sim/cfg_literals.c re-reads them from the
# files): each case was accepted silently, with a wrapped value, before the fix.
# Usage: cmake -DTZSIM=path/to/tzsim -P check_literals.cmake (from tests/fuzz, as CTest runs it).
file(GLOB cases RELATIVE ${CMAKE_CURRENT_LIST_DIR} ${CMAKE_CURRENT_LIST_DIR}/literals/*.cfg)
list(LENGTH cases n)
if(n EQUAL 0)
  message(FATAL_ERROR "no case in literals/")
endif()
set(failed 0)
foreach(c IN LISTS cases)
  string(REGEX REPLACE "\\.cfg$" ".expected" exp_file "${c}")
  if(NOT EXISTS ${CMAKE_CURRENT_LIST_DIR}/${exp_file})
    message(SEND_ERROR "${c}: no ${exp_file}")
    math(EXPR failed "${failed} + 1")
    continue()
  endif()
  file(READ ${CMAKE_CURRENT_LIST_DIR}/${exp_file} want)
  execute_process(COMMAND ${TZSIM} check ${c} WORKING_DIRECTORY ${CMAKE_CURRENT_LIST_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT out STREQUAL "" OR NOT err STREQUAL want)
    message(SEND_ERROR "${c}: exit ${rc}\n-- expected stderr:\n${want}-- actual stderr:\n${err}-- stdout:\n${out}")
    math(EXPR failed "${failed} + 1")
  endif()
endforeach()
message(STATUS "${n} cases, ${failed} failed")
