# The analysts' reference for join counts on hamlets (points): spdep on the same points covermap uses.
# Usage: Rscript spdep_joincount.R HAMLETS.csv K OUT_DIR
# HAMLETS.csv: code, lon, lat, team (1: the hamlet has a team, 0: none), lon/lat printed with 17
# significant digits (the doubles covermap reads). Builds knn2nb(knearneigh(lonlat, k, longlat = TRUE))
# (great-circle distances on the WGS 84 ellipsoid, asymmetric lists), binary weights (style "B"), and
# writes nb.csv (every directed pair a → b by code), band.csv (the same for dnearneigh(0, 2 km)), joincount.csv (key, value: spweights.constants,
# joincount.test BB and WW, joincount.multi BW: observed, expected, variance, z; joincount.mc p-values).
suppressMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
stopifnot(length(args) == 3)
hamlets <- read.csv(args[1], colClasses = c(code = "character"))
k <- as.integer(args[2])
out <- args[3]
coords <- cbind(hamlets$lon, hamlets$lat)
t0 <- Sys.time()
nb <- knn2nb(knearneigh(coords, k = k, longlat = TRUE))
knn_seconds <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
write.csv(data.frame(a = rep(hamlets$code, card(nb)), b = hamlets$code[unlist(nb)]), file.path(out, "nb.csv"), row.names = FALSE)
# A 2 km distance band, dnearneigh(longlat = TRUE): every pair, by code (hamlets without one have none).
band <- dnearneigh(coords, 0, 2, longlat = TRUE)
band_pairs <- lapply(seq_along(band), function(i) band[[i]][band[[i]] > 0])
write.csv(data.frame(a = rep(hamlets$code, lengths(band_pairs)), b = hamlets$code[unlist(band_pairs)]),
          file.path(out, "band.csv"), row.names = FALSE)
lw <- nb2listw(nb, style = "B")
colour <- factor(hamlets$team, levels = c(0, 1), labels = c("W", "B"))
wc <- spweights.constants(lw)
jt <- joincount.test(colour, lw)  # nonfree sampling, alternative greater; [[1]] W, [[2]] B
jm <- joincount.multi(colour, lw)
set.seed(1)
mc <- joincount.mc(colour, lw, nsim = 999)
keys <- c("n", "S0", "S1", "S2", "knn_seconds")
values <- c(wc$n, wc$S0, wc$S1, wc$S2, knn_seconds)
for (colour_name in c("W", "B")) {
  t <- jt[[if (colour_name == "W") 1 else 2]]
  keys <- c(keys, paste0(colour_name, colour_name, "_", c("observed", "expected", "variance", "z", "p_value", "p_mc")))
  values <- c(values, unname(t$estimate), unname(t$statistic), t$p.value, mc[[if (colour_name == "W") 1 else 2]]$p.value)
}
keys <- c(keys, "BW_observed", "BW_expected", "BW_variance", "BW_z")
values <- c(values, unname(jm["B:W", ]))
write.csv(data.frame(key = keys, value = sprintf("%.17g", values)), file.path(out, "joincount.csv"), row.names = FALSE)
