#pragma once
// Multiple-testing adjustment of p-values, as R's p.adjust: a LISA or Gi* map tests every unit at
// once, so at alpha = 0.05 about 5 % of the units look significant by chance alone.
#include <string>
#include <vector>

namespace covermap::stats {

enum class p_adjustment {
    none,
    fdr,         // Benjamini–Hochberg false discovery rate, R's p.adjust(p, "BH") (alias "fdr")
    bonferroni,  // min(1, n p), R's p.adjust(p, "bonferroni")
};

// "none", "fdr" (or "BH"), "bonferroni"; anything else is a covermap::input_error listing them.
p_adjustment parse_p_adjustment(const std::string& name);
const char* p_adjustment_name(p_adjustment method);

// The adjusted p-values, in the order given. A non-finite p stays NaN and does not count in n, as
// R's NA. Throws covermap::input_error for a p outside [0, 1].
std::vector<double> p_adjust(const std::vector<double>& p, p_adjustment method);

}  // namespace covermap::stats
