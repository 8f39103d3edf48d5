#!/usr/bin/python3
"""Reference numbers for GapLab's reference-exact trade-off mode (tests/GapLab.Core.Tests/Testbed/ReferenceTradeOffTests.cs).

Computes, with the scipy calls Huang, Yu & Zhang's tradeoff_point.py makes:
  (a) scipy.interpolate.griddata(method='linear') on a non-degenerate scattered point set (40 points drawn uniformly in the unit cube,
      numpy RandomState(7)) at 300 query points, 240 in [0.2, 0.8]^3 and 60 in [-0.15, 1.15]^3, some outside the convex hull (NaN there);
  (b) the trade-off point on the committed testbed run (docs/testbed/testbed-cells.csv): f1..f6 interpolated with griddata 'linear'
      over the scattered cell coordinates (x = SSIM level, y = 1 - zero-shot fraction, z = linearly normalised parameter count),
      minimised with scipy.optimize.minimize(method='SLSQP') from (x, y, z, c1, c2, c3) = (0.6, 0.5, 0, 1, 1, 1), a = (1, 1, 1),
      barrier 0.5 (exp(-10 (v - lb)) + exp(-10 (ub - v))) on all six variables, constraints c_i >= v_i, scipy's default options;
      also Qhull's tetrahedralization of those cells (the cells lie on a regular grid, so it is one of many Delaunay ones);
  (c) a smooth hand-checkable SLSQP problem: minimise (x - 2)^2 + (y - 1)^2 s.t. x + y <= 2, 0 <= x, y <= 3, from (0, 0);
      the minimum is (1.5, 0.5).
griddata 'linear' is LinearNDInterpolator(points, values) over scipy.spatial.Delaunay(points) (Qhull options "Qbb Qc Qz Q12", Qt),
so (b) builds that interpolator once and evaluates it per call, which gives griddata's numbers.

Run:  /usr/bin/python3 docs/testbed-reference/make_reference.py > docs/testbed-reference/reference.json
Needs: Debian python3-numpy python3-scipy.
"""
import csv
import json
import os
import sys

import numpy as np
import scipy
from scipy.interpolate import LinearNDInterpolator, griddata
from scipy.optimize import minimize
from scipy.spatial import Delaunay

HERE = os.path.dirname(os.path.abspath(__file__))


def num(v):
    v = float(v)
    return None if np.isnan(v) else v


def scattered():
    rs = np.random.RandomState(7)
    points = rs.uniform(0, 1, (40, 3))
    values = np.sin(3 * points[:, 0]) + points[:, 1] ** 2 - 2 * points[:, 0] * points[:, 2] + np.exp(points[:, 2])
    queries = np.vstack([rs.uniform(0.2, 0.8, (240, 3)), rs.uniform(-0.15, 1.15, (60, 3))])
    result = griddata(points, values, queries, method='linear')
    return {
        'points': points.tolist(),
        'values': values.tolist(),
        'queries': queries.tolist(),
        'griddata_linear': [num(v) for v in result],
        'outside_hull': int(np.isnan(result).sum()),
    }


def committed_cells():
    with open(os.path.join(HERE, '..', 'testbed', 'testbed-cells.csv'), newline='') as f:
        rows = list(csv.DictReader(f))
    params = sorted({int(r['parameters']) for r in rows})
    lo, hi = float(params[0]), float(params[-1])
    points, stats = [], []
    for r in rows:
        points.append([float(r['ssim_target']), 1 - float(r['zero_shot_fraction']), (float(r['parameters']) - lo) / (hi - lo)])
        stats.append([float(r[k]) for k in ('f1_mean_error', 'f2_mean_kappa_distance', 'f3_std_error',
                                            'f4_std_kappa_distance', 'f5_p10_error', 'f6_p10_kappa_distance')])
    return np.array(points), np.array(stats), params


def tradeoff():
    points, stats, params = committed_cells()
    interp = [LinearNDInterpolator(points, stats[:, i]) for i in range(6)]
    lb = np.array([0.6, 0.5, 0.0, 0.6, 0.5, 0.0])
    ub = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    a = np.array([1.0, 1.0, 1.0])

    def surrogate(x, y, z):
        return sum(float(f((x, y, z))) for f in interp)

    def objective(v):
        s = surrogate(v[0], v[1], v[2])
        penalty = a[0] * v[3] ** 2 + a[1] * v[4] ** 2 + a[2] * v[5] ** 2
        barrier = float(np.sum(0.5 * (np.exp(-10 * (v - lb)) + np.exp(-10 * (ub - v)))))
        return s + penalty + barrier

    constraints = [{'type': 'ineq', 'fun': (lambda v, i=i: v[3 + i] - v[i])} for i in range(3)]
    start = np.array([0.6, 0.5, 0.0, 1.0, 1.0, 1.0])
    res = minimize(objective, start, method='SLSQP', bounds=list(zip(lb, ub)), constraints=constraints)
    x = res.x
    f = [float(g((x[0], x[1], x[2]))) for g in interp]
    tri = Delaunay(points)
    # the interpolant on a few fixed interior points, to show where Qhull's choice of tetrahedra matters
    probes = [[0.65, 0.55, 0.05], [0.75, 0.7, 0.3], [0.8, 0.776026, 0.355724], [0.85, 0.9, 0.6], [0.95, 0.6, 0.9]]
    return {
        'points': points.tolist(),
        'statistics': stats.tolist(),
        'parameters': params,
        'slsqp': {
            'x': x.tolist(), 'fun': float(res.fun), 'nit': int(res.nit), 'nfev': int(res.nfev), 'status': int(res.status),
            'message': res.message,
        },
        'statistics_at_x': f,
        'ssim_lower_bound': float(x[0]),
        'zero_shot_upper_bound': float(1 - x[1]),
        'model_size_lower_bound': float(x[2] * (params[-1] - params[0]) + params[0]),
        'generalization_bound': f[0],
        'diversity_bound': f[1],
        'qhull_simplices': tri.simplices.tolist(),
        'probes': probes,
        'probe_surrogate': [surrogate(*p) for p in probes],
    }


def hand_case():
    res = minimize(lambda v: (v[0] - 2) ** 2 + (v[1] - 1) ** 2, np.array([0.0, 0.0]), method='SLSQP',
                   bounds=[(0, 3), (0, 3)], constraints=[{'type': 'ineq', 'fun': lambda v: 2 - v[0] - v[1]}])
    return {'x': res.x.tolist(), 'fun': float(res.fun), 'nit': int(res.nit)}


def main():
    out = {
        'generator': 'docs/testbed-reference/make_reference.py',
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'scattered': scattered(),
        'tradeoff': tradeoff(),
        'hand_slsqp': hand_case(),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
