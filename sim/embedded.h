/* SPDX-License-Identifier: GPL-3.0-or-later */
/* embedded.h: scenarios compiled into the binary (generated from scenarios/ at build time). */
#ifndef SIM_EMBEDDED_H
#define SIM_EMBEDDED_H
/* scenarios/pilots.cfg with its @include lines flattened, as NUL-terminated UTF-8 bytes. */
extern const unsigned char sim_embedded_pilots[];
#endif
