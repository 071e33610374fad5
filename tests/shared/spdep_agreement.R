# The analysts' reference: R spdep on the same polygons and values covermap uses.
# Usage: Rscript spdep_agreement.R COVERAGE.gpkg METRIC OUT_DIR
# Reads the GeoPackage written by `covermap export coverage`, builds queen contiguity with
# poly2nb (default snap), drops units without a value and then units without neighbours, and
# writes: summary.csv (key,value), local.csv (per unit code: Ii, E.Ii, Var.Ii, Z.Ii, Gi*, the
# permutation p-value, and the bivariate LISA of the rate against teams: Ibvi, E.Ibvi, its p-value), nb.csv (every neighbour pair of the full layer, by code, both ways) and
# eb.csv (per unit with hamlets: the raw coverage rate, EBest and EBlocal with every neighbour
# among the units with hamlets, islands their own group); summary.csv also has EBImoran.mc on the
# units of the statistics.
suppressMessages({
  library(sf)
  library(spdep)
})
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 3)
polygons <- st_read(args[1], layer = "coverage", quiet = TRUE)
metric <- args[2]
out <- args[3]

nb <- poly2nb(polygons, queen = TRUE)
codes <- as.character(polygons$code)
pairs <- do.call(rbind, lapply(seq_along(nb), function(i) {
  j <- nb[[i]]
  j <- j[j > 0]
  if (length(j) == 0) return(NULL)
  data.frame(a = codes[i], b = codes[j])
}))
write.csv(pairs, file.path(out, "nb.csv"), row.names = FALSE)

x <- polygons[[metric]]
keep <- !is.na(x)
nb_kept <- subset(nb, keep)
codes_kept <- codes[keep]
x_kept <- x[keep]
has <- card(nb_kept) > 0
nb_used <- subset(nb_kept, has)
x_used <- x_kept[has]
codes_used <- codes_kept[has]
lw <- nb2listw(nb_used, style = "W")

mt <- moran.test(x_used, lw)  # randomisation, alternative greater
set.seed(1)
mc <- moran.mc(x_used, lw, nsim = 999)
lm <- localmoran(x_used, lw)
lw_self <- nb2listw(include.self(nb_used), style = "W")
g <- localG(x_used, lw_self)
set.seed(1)
t0 <- Sys.time()
lp <- localmoran_perm(x_used, lw, nsim = 999)
perm_seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))

# Empirical-Bayes rates: covered_hamlets / hamlets on every unit with hamlets.
with_hamlets <- polygons$hamlets > 0
cases <- polygons$covered_hamlets[with_hamlets]
risk <- polygons$hamlets[with_hamlets]
eb_global <- EBest(cases, risk)
eb_local <- EBlocal(cases, risk, subset(nb, with_hamlets), zero.policy = TRUE)
write.csv(data.frame(code = codes[with_hamlets], raw = eb_global$raw, eb = eb_global$estmm, ebl = eb_local$est),
          file.path(out, "eb.csv"), row.names = FALSE)
# EBImoran.mc on the units of the statistics (a value and neighbours), as covermap's standardise=eb.
used <- which(keep)[has]
set.seed(1)
ebi <- suppressMessages(EBImoran.mc(polygons$covered_hamlets[used], polygons$hamlets[used], lw, nsim = 999))
# Bivariate Moran: the coverage rate against the teams around (covermap's with=teams).
bv <- moran_bv(x_used, polygons$teams[used], lw, nsim = 9)  # the statistic only (boot needs R > 1)
# Bivariate LISA: the same pair, spdep localmoran_bv (its moments and p-values come from permutations).
set.seed(1)
lbv <- localmoran_bv(x_used, polygons$teams[used], lw, nsim = 999)

summary <- data.frame(
  key = c("units", "islands_full_layer", "n", "I", "expectation", "variance", "z", "p_value", "p_value_permutation",
          "localmoran_perm_seconds", "eb_prior_mean", "eb_prior_variance", "ebi_moran", "ebi_p_value", "bv_moran"),
  value = c(nrow(polygons), sum(card(nb) == 0), length(x_used), unname(mt$estimate[1]), unname(mt$estimate[2]),
            unname(mt$estimate[3]), unname(mt$statistic), mt$p.value, mc$p.value, perm_seconds,
            attr(eb_global, "parameters")$b, attr(eb_global, "parameters")$a, unname(ebi$statistic), ebi$p.value, bv$t0))
write.csv(summary, file.path(out, "summary.csv"), row.names = FALSE)
local <- data.frame(code = codes_used, Ii = lm[, "Ii"], E.Ii = lm[, "E.Ii"], Var.Ii = lm[, "Var.Ii"], Z.Ii = lm[, "Z.Ii"],
                    gi_star = as.numeric(g), p_folded = lp[, "Pr(folded) Sim"],
                    Ibvi = sprintf("%.17g", lbv[, "Ibvi"]), E.Ibvi = lbv[, "E.Ibvi"], bv_p_folded = lbv[, "Pr(folded) Sim"])
write.csv(local, file.path(out, "local.csv"), row.names = FALSE)
