/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tally.h: the integer counters one block of agents reports each month (per arm, then per block). */
#ifndef MDL_TALLY_H
#define MDL_TALLY_H

#include "models/params.h" /* MDL_NSTATUS, MDL_NREGIME, MDL_FTE_BANDS: the widths of the blocks below */

/* Counters kept per arm. Integers only, so that blocks can be combined in any order exactly. */
enum {
  MDL_T_COUNT = 0,                            /* + status: agents by status at the end of the pass */
  MDL_T_FTE_PCT = MDL_T_COUNT + MDL_NSTATUS,  /* sum of EBE working time, in percent of an FTE */
  MDL_T_QUEUE,                                /* PPDE volunteers waiting (program arm) */
  MDL_T_EBE_COST,                             /* sum of EBE employees' yearly avoided cost, EUR */
  MDL_T_COST_U,                               /* sum of short-term unemployed people's yearly cost, EUR */
  MDL_T_COST_P,                               /* sum of PPDE's yearly cost, EUR */
  MDL_T_REG_U,                                /* + regime: short-term unemployed by benefit regime */
  MDL_T_REG_P = MDL_T_REG_U + MDL_NREGIME,    /* + regime: PPDE by benefit regime */
  MDL_T_JOB_LOSS = MDL_T_REG_P + MDL_NREGIME, /* EMPLOYED -> UNEMPLOYED */
  MDL_T_U_TO_JOB,                             /* UNEMPLOYED -> EMPLOYED */
  MDL_T_P_TO_JOB,                             /* PPDE -> EMPLOYED */
  MDL_T_U_TO_P,                               /* UNEMPLOYED -> PPDE */
  MDL_T_VOL_NEW,                              /* new volunteers */
  MDL_T_EBE_TO_JOB,                           /* EBE -> EMPLOYED */
  MDL_T_EBE_TO_P,                             /* EBE -> PPDE */
  MDL_T_EXIT,                                 /* + status: left the working-age population from a status */
  MDL_T_ENTRANT = MDL_T_EXIT + MDL_NSTATUS,   /* + status (employed or unemployed): entrants replacing them */
  MDL_T_QUEUE_LEAVE = MDL_T_ENTRANT + MDL_UNEMPLOYED + 1, /* volunteers who left the list (program arm) */
  MDL_T_QUEUE_WAIT,                                       /* sum over waiting volunteers of the months they waited */
  MDL_T_QUEUE_OVER_N,                             /* waiting volunteers who waited more than exhaustivity_wait_months */
  MDL_T_PPDE_24,                                  /* PPDE with a spell of 24 months or more */
  MDL_T_VOL_DECLINED,                             /* contacted PPDE who declined */
  MDL_T_EBE_REG,                                  /* + regime: EBE employees by the regime they had when hired */
  MDL_T_EBE_BAND = MDL_T_EBE_REG + MDL_NREGIME,   /* + band: EBE employees by working-time band (MDL_FTE_BANDS) */
  MDL_T_UNREG_P = MDL_T_EBE_BAND + MDL_FTE_BANDS, /* PPDE who are not registered job seekers */
  MDL_T_PREC_U,                                   /* short-term unemployed holding a precarious job */
  MDL_T_PREC_P,                                   /* PPDE holding a precarious job */
  MDL_T_PREC_START,                               /* precarious jobs found (the status does not change) */
  MDL_T_PREC_END,                                 /* precarious jobs ended */
  MDL_T_ARM_WIDTH
};
/* Counters kept once per block, after both arms. */
enum {
  MDL_T_NEWVOL_LISTED = 2 * MDL_T_ARM_WIDTH, /* new volunteers written to the block's list */
  MDL_T_NEWVOL_OVERFLOW,                     /* 1 if the list was too short (the world rescans) */
  MDL_T_WIDTH
};

/* The blocks by status, regime and band take their widths from the lists (models/params.h); the
 * entrants' block holds the two statuses an entrant can have, the first two of the list. */
_Static_assert(MDL_EMPLOYED == 0 && MDL_UNEMPLOYED == 1, "entrants are counted as employed or unemployed");
_Static_assert(MDL_T_EBE_BAND - MDL_T_EBE_REG == MDL_NREGIME && MDL_T_UNREG_P - MDL_T_EBE_BAND == MDL_FTE_BANDS,
               "one EBE counter per regime and per working-time band");

#endif
