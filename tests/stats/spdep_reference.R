#!/usr/bin/env Rscript
# Reference numbers for covermap::stats from R spdep, checked by hand (not run by the unit tests).
#   Rscript tests/stats/spdep_reference.R values.csv pairs.csv outdir
# values.csv: id,x (one row per unit, in unit order); pairs.csv: i,j (1-based unit positions, one
# row per directed neighbour pair; symmetric contiguity lists both directions). Writes to outdir:
#   moran.csv  I, expectation, variance, z, p_value   moran.test(randomisation = TRUE, "greater")
#   local.csv  id, Ii, E.Ii, Var.Ii, Z.Ii, p, quadrant   localmoran() defaults, attr "quadr"$mean
#   gstar.csv  id, gstar   localG(x, nb2listw(include.self(nb), style = "W"))
suppressPackageStartupMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: spdep_reference.R values.csv pairs.csv outdir")
values <- read.csv(args[1])
pairs <- read.csv(args[2])
n <- nrow(values)
nb <- lapply(seq_len(n), function(i) sort(as.integer(pairs$j[pairs$i == i])))
nb <- lapply(nb, function(v) if (length(v) == 0) 0L else v)
class(nb) <- "nb"
attr(nb, "region.id") <- as.character(values$id)
attr(nb, "sym") <- is.symmetric.nb(nb, verbose = FALSE, force = TRUE)
lw <- nb2listw(nb, style = "W")
x <- as.numeric(values$x)
dir.create(args[3], showWarnings = FALSE, recursive = TRUE)

mt <- moran.test(x, lw, randomisation = TRUE, alternative = "greater")
write.csv(data.frame(I = mt$estimate[[1]], expectation = mt$estimate[[2]], variance = mt$estimate[[3]],
                     z = mt$statistic[[1]], p_value = mt$p.value),
          file.path(args[3], "moran.csv"), row.names = FALSE)

lm <- localmoran(x, lw)
write.csv(data.frame(id = values$id, Ii = lm[, 1], E.Ii = lm[, 2], Var.Ii = lm[, 3], Z.Ii = lm[, 4], p = lm[, 5],
                     quadrant = as.character(attr(lm, "quadr")$mean)),
          file.path(args[3], "local.csv"), row.names = FALSE)

g <- localG(x, nb2listw(include.self(nb), style = "W"))
write.csv(data.frame(id = values$id, gstar = as.numeric(g)), file.path(args[3], "gstar.csv"), row.names = FALSE)
cat("spdep", as.character(packageVersion("spdep")), "- wrote", args[3], "\n")
