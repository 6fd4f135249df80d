# SPDX-License-Identifier: GPL-3.0-or-later
# Flattens a scenario's @include lines and writes it as a C byte array, so the binary carries its
# default scenario (an array, not a string literal: ISO C caps literals at 4095 bytes).
file(READ ${SRC} text)
get_filename_component(dir ${SRC} DIRECTORY)
string(REGEX MATCHALL "@include \"[^\"]+\"" incs "${text}")
foreach(inc ${incs})
  string(REGEX REPLACE "@include \"([^\"]+)\"" "\\1" name "${inc}")
  file(READ ${dir}/${name} body)
  string(REPLACE "${inc}" "${body}" text "${text}")
endforeach()
file(WRITE ${OUT}.flat "${text}")
file(READ ${OUT}.flat hex HEX)
file(REMOVE ${OUT}.flat)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){16})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from scenarios/pilots.cfg by scenarios/embed.cmake: do not edit. */\n")
file(APPEND ${OUT} "#include \"sim/embedded.h\"\nconst unsigned char sim_embedded_pilots[] = {\n${bytes}0x00};\n")
