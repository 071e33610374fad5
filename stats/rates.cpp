#include "stats/rates.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace covermap::stats {
namespace {

void check_counts(const std::vector<double>& cases, const std::vector<double>& population) {
    if (cases.size() != population.size())
        throw input_error("cases has " + std::to_string(cases.size()) + " values but population " +
                          std::to_string(population.size()));
    if (cases.empty()) throw input_error("no units to smooth");
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string unit = "unit " + std::to_string(i);
        if (!std::isfinite(cases[i]) || !std::isfinite(population[i])) throw input_error(unit + ": a count is not a finite number");
        if (cases[i] < 0) throw input_error(unit + ": negative number of cases");
        if (!(population[i] > 0)) throw input_error(unit + ": population at risk must be positive");
    }
}

// The shrinkage of a raw rate p towards the prior mean m with prior variance a, for population x.
double shrink(double p, double m, double a, double x) {
    const double denominator = a + m / x;
    return denominator > 0 ? m + (p - m) * a / denominator : m;
}

}  // namespace

eb_global_result eb_global(const std::vector<double>& cases, const std::vector<double>& population) {
    check_counts(cases, population);
    const auto count = cases.size();
    double n_sum = 0.0, x_sum = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        n_sum += cases[i];
        x_sum += population[i];
    }
    eb_global_result r;
    r.b = n_sum / x_sum;
    r.raw.resize(count);
    double s2 = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        r.raw[i] = cases[i] / population[i];
        s2 += population[i] * ((r.raw[i] - r.b) * (r.raw[i] - r.b) / x_sum);
    }
    r.a = s2 - r.b / (x_sum / static_cast<double>(count));
    if (r.a < 0) r.a = 0;
    r.smoothed.resize(count);
    for (std::size_t i = 0; i < count; ++i) r.smoothed[i] = shrink(r.raw[i], r.b, r.a, population[i]);
    return r;
}

eb_local_result eb_local(const std::vector<double>& cases, const std::vector<double>& population,
                         const neighbour_lists& neighbours) {
    check_counts(cases, population);
    const auto count = cases.size();
    if (neighbours.size() != count)
        throw input_error("neighbour lists for " + std::to_string(neighbours.size()) + " units, counts for " +
                          std::to_string(count));
    eb_local_result r;
    r.raw.resize(count);
    for (std::size_t i = 0; i < count; ++i) r.raw[i] = cases[i] / population[i];
    r.smoothed.resize(count);
    r.a.resize(count);
    r.m.resize(count);
    std::vector<double> x_mean(count);
    for (std::size_t i = 0; i < count; ++i) {
        for (int j : neighbours[i])
            if (j < 0 || static_cast<std::size_t>(j) >= count)
                throw input_error("neighbours of unit " + std::to_string(i) + ": index out of range");
        // The group is i and its neighbours (spdep include.self).
        double n_sum = cases[i], x_sum = population[i];
        for (int j : neighbours[i]) {
            n_sum += cases[static_cast<std::size_t>(j)];
            x_sum += population[static_cast<std::size_t>(j)];
        }
        r.m[i] = n_sum / x_sum;
        x_mean[i] = x_sum / static_cast<double>(neighbours[i].size() + 1);
    }
    // Each member j of the group contributes x_j (p_j − m_j)², with its OWN group's mean m_j: spdep's
    // lag.listw(lw, ni * (xi - m.i)^2) and PySAL's Spatial_Empirical_Bayes both do (GeoDa and
    // EBlocal(geoda = TRUE) use m_i).
    std::vector<double> spread(count);
    for (std::size_t j = 0; j < count; ++j) spread[j] = population[j] * (r.raw[j] - r.m[j]) * (r.raw[j] - r.m[j]);
    for (std::size_t i = 0; i < count; ++i) {
        double c = spread[i], x_sum = population[i];
        for (int j : neighbours[i]) {
            c += spread[static_cast<std::size_t>(j)];
            x_sum += population[static_cast<std::size_t>(j)];
        }
        double a = c / x_sum - r.m[i] / x_mean[i];
        if (a < 0) a = 0;
        r.a[i] = a;
        r.smoothed[i] = shrink(r.raw[i], r.m[i], a, population[i]);
    }
    return r;
}

std::vector<double> eb_standardised(const std::vector<double>& cases, const std::vector<double>& population) {
    const auto eb = eb_global(cases, population);
    std::vector<double> z(cases.size());
    for (std::size_t i = 0; i < z.size(); ++i) {
        double v = eb.a + eb.b / population[i];
        if (v < 0) v = eb.b / population[i];
        z[i] = (eb.raw[i] - eb.b) / std::sqrt(v);
    }
    return z;
}

}  // namespace covermap::stats
