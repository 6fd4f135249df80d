# SPDX-License-Identifier: GPL-3.0-or-later
# git_rev.cmake: writes OUT (git_rev.h) with the source tree's git revision, "-dirty" when tracked
# files differ from it. Run at every build (not only at configure time), so that a run manifest
# never names a revision older than the code that produced it; the file is rewritten only when the
# revision changes, so an unchanged tree recompiles nothing.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SRC}
                OUTPUT_VARIABLE rev OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT rev)
  set(rev "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SRC}
                  OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    set(rev "${rev}-dirty")
  endif()
endif()
file(WRITE ${OUT}.tmp "/* git_rev.h: generated at build time by sim/git_rev.cmake. */\n#define TZSIM_GIT_REV \"${rev}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
file(REMOVE ${OUT}.tmp)
