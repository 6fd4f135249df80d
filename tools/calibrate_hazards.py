#!/usr/bin/env python3
"""Job-finding hazards of tzsim against published figures (Python 3, standard library only).

For a table of monthly job-finding hazards by spell band (at employability 1) and a log-normal
employability with sigma 0.7 (mean 1, 256 quantiles as in tzsim), computes for an inflow cohort:
the stationary seniority distribution of the jobless (to compare with DARES, Aug 2015:
21/15/20/20/10/14 %), and the mean monthly exit rate in the first year and after three years (to
compare with INSEE 2016: 10.3 % and 2.3 % a month of job finding). It prints two fits (free, and
decreasing with the spell jointly with the INSEE rates), then the statistics of the table tzsim
uses (labour.job_finding_rate in scenarios/common.cfg), chosen by hand between the two: decreasing
with the spell, as MODEL.md requires, and close to the seniority data.
Run: python3 tools/calibrate_hazards.py   (about a minute)
"""
import math
from statistics import NormalDist
sig=0.7
z=[NormalDist().inv_cdf((i+0.5)/256) for i in range(256)]
e=[math.exp(-sig*sig/2+sig*x) for x in z]; m=sum(e)/256; e=[x/m for x in e]
target=[0.21,0.15,0.20,0.20,0.10,0.14]
bands=[(0,3),(3,6),(6,12),(12,24),(24,36),(36,400)]
bandof=[next(i for i,(lo,hi) in enumerate(bands) if lo<=mm<hi) for mm in range(400)]
def stats(f):
    S=[1.0]*256; stock=[0]*6; ef=sf=e3=s3=0
    for mm in range(400):
        b=bandof[mm]; Sm=sum(S)/256; stock[b]+=Sm
        hs=[min(1,f[b]*x) for x in e]
        ex=sum(s*h for s,h in zip(S,hs))/256
        if mm<12: ef+=ex; sf+=Sm
        if mm>=36: e3+=ex; s3+=Sm
        S=[s*(1-h) for s,h in zip(S,hs)]
    t=sum(stock); return [x/t for x in stock], ef/sf, e3/s3
def loss(lf):
    sh,a,b=stats([math.exp(x) for x in lf]); return sum((p-q)**2 for p,q in zip(sh,target))
x=[math.log(v) for v in [0.16,0.13,0.11,0.07,0.05,0.04]]
best=loss(x); step=0.3
while step>0.002:
    imp=False
    for i in range(6):
        for d in (step,-step):
            y=x[:]; y[i]+=d; l=loss(y)
            if l<best: best,x,imp=l,y,True
    if not imp: step/=2
f=[math.exp(v) for v in x]
print([round(v,4) for v in f], best)
sh,a,b=stats(f); print([round(v,3) for v in sh], round(a,4), round(b,4))
print("monotone, joint with INSEE hazards")
def fof(x):
    f=[math.exp(x[0])]
    for d in x[1:]: f.append(f[-1]*math.exp(-abs(d)))
    return f
def loss2(x):
    sh,a,b=stats(fof(x)); return sum((p-q)**2 for p,q in zip(sh,target)) + 0.5*((a-0.103)**2+(b-0.023)**2)
x=[math.log(0.16),0.2,0.2,0.4,0.3,0.2]; best=loss2(x); step=0.3
while step>0.002:
    imp=False
    for i in range(6):
        for d in (step,-step):
            y=x[:]; y[i]+=d; l=loss2(y)
            if l<best: best,x,imp=l,y,True
    if not imp: step/=2
f=fof(x); print([round(v,4) for v in f], best)
sh,a,b=stats(f); print([round(v,3) for v in sh], round(a,4), round(b,4))

print("table in use (scenarios/common.cfg)")
used=[0.15, 0.14, 0.135, 0.13, 0.125, 0.12]
sh,a,b=stats(used); print(used, [round(v,3) for v in sh], round(a,4), round(b,4))
