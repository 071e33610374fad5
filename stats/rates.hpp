#pragma once
// Empirical-Bayes smoothing of rates (cases / population per unit, e.g. hamlets with a team / hamlets),
// as GeoDa's "Empirical Bayes" and "Spatial Empirical Bayes" rate maps and R spdep 1.2-7's EBest
// (family = "poisson", Marshall's method of moments) and EBlocal (geoda = FALSE). A unit with few
// hamlets has a noisy raw rate; its smoothed rate is pulled towards the mean of a reference group
// (every unit, or the unit and its neighbours) by how little its own population says.
#include <vector>

#include "stats/weights.hpp"

namespace covermap::stats {

// Global EB (spdep EBest): p_i = n_i/x_i, b = Σn/Σx, s² = Σ x_i (p_i − b)² / Σx,
// a = max(0, s² − b/(Σx/m)), smoothed_i = b + a (p_i − b) / (a + b/x_i).
struct eb_global_result {
    std::vector<double> raw, smoothed;
    double a;  // prior variance (0: every rate shrunk to b)
    double b;  // prior mean, the pooled rate
};

// Local (spatial) EB (spdep EBlocal, geoda = FALSE, and PySAL Spatial_Empirical_Bayes): the reference
// group G_i of i is i and its neighbours, m_i = Σn/Σx over G_i,
// a_i = max(0, Σ_{j∈G_i} x_j (p_j − m_j)² / Σx − m_i / mean(x over G_i)) (m_j: j's own group mean, as both do),
// smoothed_i = m_i + (p_i − m_i) a_i / (a_i + m_i/x_i). A unit without neighbours is its own group
// (smoothed = raw). When a_i = 0 and m_i = 0 (no case in the group) spdep gives NaN; here 0 (= m_i).
struct eb_local_result {
    std::vector<double> raw, smoothed;
    std::vector<double> a, m;  // per unit: prior variance and mean of its group
};

// Both throw covermap::input_error for sizes that differ, no unit, a non-finite count, a negative
// case count or a population ≤ 0 (as EBest and EBlocal stop), and for a neighbour index out of range.
eb_global_result eb_global(const std::vector<double>& cases, const std::vector<double>& population);
eb_local_result eb_local(const std::vector<double>& cases, const std::vector<double>& population,
                         const neighbour_lists& neighbours);

// Assunção–Reis (1999) EB-standardised rates, as spdep EBImoran.mc builds them:
// z_i = (p_i − b) / √(a + b/x_i) with a, b of eb_global. Moran's I of z (mean subtracted, row-standardised
// weights) is spdep's EBImoran statistic: moran_permutation(eb_standardised(n, x), w, …).
std::vector<double> eb_standardised(const std::vector<double>& cases, const std::vector<double>& population);

}  // namespace covermap::stats
