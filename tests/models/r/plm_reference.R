#!/usr/bin/env Rscript
# R plm reference results for gxq_analysis.fit_panel and its specification tests.
#
# Usage (from the top of the checkout; see tests/models/r/README.md):
#   Rscript tests/models/r/plm_reference.R [FIXTURES_DIR] [OUTPUT_JSON]
# Defaults: FIXTURES_DIR = tests/models/fixtures next to this script's folder,
#           OUTPUT_JSON  = FIXTURES_DIR/plm_reference.json.
#
# Every estimate is produced by evaluating a call written out as text, and that same text is
# stored in the JSON next to the numbers, so the fixture says exactly what R computed.
# Needs: plm, sandwich, lmtest (Debian r-cran-plm r-cran-sandwich r-cran-lmtest) and jsonlite.

needed <- c("plm", "sandwich", "lmtest", "jsonlite")
missing <- needed[!vapply(needed, requireNamespace, logical(1), quietly = TRUE)]
if (length(missing)) {
  stop("missing R packages: ", paste(missing, collapse = ", "),
       " (Debian: apt-get install ", paste0("r-cran-", missing, collapse = " "), ")")
}
suppressPackageStartupMessages({
  library(plm)
  library(sandwich)
  library(lmtest)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
script_dir <- if (length(script_arg)) dirname(normalizePath(sub("^--file=", "", script_arg[1]))) else "."
fixtures <- if (length(args) >= 1) args[1] else file.path(dirname(script_dir), "fixtures")
out_json <- if (length(args) >= 2) args[2] else file.path(fixtures, "plm_reference.json")

# Named numeric vector -> named list (a JSON object); NULL stays NULL.
as_obj <- function(v) if (is.null(v)) NULL else as.list(setNames(as.numeric(v), names(v)))

# Evaluate a call given as text in `env`; return list(call, value) or list(call, error).
run <- function(text, env) {
  value <- tryCatch(eval(parse(text = text), envir = env), error = function(e) e)
  if (inherits(value, "error")) list(call = text, error = conditionMessage(value))
  else list(call = text, value = value)
}

htest_obj <- function(r) {
  if (!is.null(r$error)) return(list(call = r$call, error = r$error))
  h <- r$value
  list(call = r$call, statistic = unname(h$statistic), df = as.list(unname(h$parameter)),
       df_names = names(h$parameter), p_value = unname(h$p.value), method = h$method[1])
}

# ---------------------------------------------------------------------------------------------
# Datasets: file, index, formula (R syntax) and the models recorded for each.
# fd is estimated without an intercept ("- 1"): gxq_analysis's fd has no constant, whereas plm's
# default fd model adds one. plm differences consecutive ROWS of an entity (plm:::pdiff), not
# consecutive years, so the fd model is run only on datasets without interior gaps in time.
# ---------------------------------------------------------------------------------------------
datasets <- list(
  grunfeld = list(
    file = "grunfeld.csv", index = c("firm", "year"),
    formula = "invest ~ value + capital",
    models = c("pooling", "within", "within_twoways", "random", "between", "fd")
  ),
  grunfeld_unbalanced = list(
    file = "grunfeld_unbalanced.csv", index = c("firm", "year"),
    formula = "invest ~ value + capital",
    models = c("pooling", "within", "within_twoways", "random", "between", "fd")
  ),
  # zone-like panel: logs, a one-year lag (plm's lag() is time-aware: fuxin has no 2017 row, so
  # its 2018 lag is missing and that row drops out), 15 entities, a short T. No fd: interior gap.
  # The transformed columns are made before the formula because phtest(method = "aux") cannot
  # parse terms such as lag(log(x), 1) (it pastes ".tilde" to the term label).
  zones = list(
    file = "zones_synthetic.csv", index = c("zone", "year"),
    prepare = paste(
      "pd$ln_gdp <- log(pd$gdp)",
      "pd$ln_rd_expenditure_lag1 <- lag(log(pd$rd_expenditure), 1)",
      "pd$ln_rd_personnel <- log(pd$rd_personnel)",
      "pd$ln_vc_investment <- log(pd$vc_investment)",
      sep = "; "
    ),
    formula = "ln_gdp ~ ln_rd_expenditure_lag1 + ln_rd_personnel + ln_vc_investment",
    models = c("pooling", "within", "within_twoways", "random", "between")
  )
)

model_call <- function(key, formula) {
  spec <- switch(key,
    pooling = 'model = "pooling"',
    within = 'model = "within", effect = "individual"',
    within_twoways = 'model = "within", effect = "twoways"',
    random = 'model = "random", effect = "individual", random.method = "swar"',
    between = 'model = "between", effect = "individual"',
    fd = 'model = "fd"'
  )
  f <- if (key == "fd") paste(formula, "- 1") else formula
  sprintf("plm(%s, data = pd, %s)", f, spec)
}

# Covariance estimators recorded for every model that plm's vcovG family accepts
# (pooling, within, random, fd; plm has no robust vcov for "between").
vcov_calls <- function(maxlag_default) {
  v <- list(unadjusted = "vcov(m)")
  for (type in c("HC0", "HC1", "sss")) {
    v[[paste0("white1_", type)]] <- sprintf('vcovHC(m, method = "white1", type = "%s")', type)
    v[[paste0("cluster_group_", type)]] <-
      sprintf('vcovHC(m, method = "arellano", type = "%s", cluster = "group")', type)
    v[[paste0("cluster_time_", type)]] <-
      sprintf('vcovHC(m, method = "arellano", type = "%s", cluster = "time")', type)
    v[[paste0("double_", type)]] <- sprintf('vcovDC(m, type = "%s")', type)
    for (L in sort(unique(c(0L, maxlag_default, 3L)))) {
      v[[sprintf("scc_%s_maxlag%d", type, L)]] <-
        sprintf('vcovSCC(m, type = "%s", maxlag = %d, wj = function(j, maxlag) 1 - j/(maxlag + 1))',
                type, L)
    }
  }
  v
}

fit_record <- function(m, call, vcalls) {
  env <- new.env()
  assign("m", m, envir = env)
  pdm <- pdim(m)
  rec <- list(
    call = call,
    coefficients = as_obj(coef(m)),
    nobs = nobs(m),
    df_residual = df.residual(m),
    n_entities = pdm$nT$n,
    n_periods = pdm$nT$T,
    balanced = pdm$balanced,
    r2_cor = r.squared(m, type = "cor"),
    r2_rss = r.squared(m, type = "rss"),
    r2_note = "plm reports r2_cor = cor(y, fitted)^2 of the transformed model; r2_rss = 1 - RSS/TSS with TSS centred, both on the transformed (within / quasi-demeaned / between / differenced) data",
    vcov = list()
  )
  mod <- plm:::describe(m, "model")
  if (mod %in% c("pooling", "random")) {
    # overall R2: the estimates applied to the untransformed data (Stata's "R-sq overall" uses
    # corr(y, xb)^2 instead; both are recorded)
    yo <- pmodel.response(m, model = "pooling")
    xb <- drop(model.matrix(m, model = "pooling") %*% coef(m))
    rec$r2_overall <- 1 - sum((yo - xb)^2) / sum((yo - mean(yo))^2)
    rec$r2_overall_corr <- cor(yo, xb)^2
  }
  if (mod == "fd") {
    # uncentred R2 of the differenced regression (no intercept): 1 - RSS / sum(dy^2)
    dy <- pmodel.response(m)
    rec$r2_uncentered <- 1 - sum(residuals(m)^2) / sum(dy^2)
  }
  if (mod == "random") {
    ec <- m$ercomp
    rec$ercomp <- list(sigma2 = as_obj(ec$sigma2),
                       theta = if (length(ec$theta) == 1) unname(ec$theta)
                               else as_obj(tapply(ec$theta, index(m)[[1]], function(z) z[1])))
  }
  for (nm in names(vcalls)) {
    r <- run(vcalls[[nm]], env)
    rec$vcov[[nm]] <- if (!is.null(r$error)) list(call = r$call, error = r$error)
                      else list(call = r$call, se = as_obj(sqrt(diag(r$value))))
  }
  rec
}

results <- list()
for (ds_name in names(datasets)) {
  ds <- datasets[[ds_name]]
  raw <- read.csv(file.path(fixtures, ds$file), stringsAsFactors = FALSE)
  env <- new.env()
  assign("pd", pdata.frame(raw, index = ds$index), envir = env)
  if (!is.null(ds$prepare)) eval(parse(text = ds$prepare), envir = env)
  tmax <- max(pdim(env$pd)$Tint$Ti)
  maxlag_default <- as.integer(floor(tmax^(1 / 4)))  # plm's own default for vcovSCC
  models <- list()
  for (key in ds$models) {
    call <- model_call(key, ds$formula)
    m <- eval(parse(text = call), envir = env)
    assign(paste0("m_", key), m, envir = env)
    vc <- if (key == "between") list(unadjusted = "vcov(m)") else vcov_calls(maxlag_default)
    models[[key]] <- fit_record(m, call, vc)
  }

  cl <- function(type) {
    sprintf('function(x) vcovHC(x, method = "arellano", type = "%s", cluster = "group")', type)
  }
  f <- ds$formula
  tests <- list(
    hausman_classic = htest_obj(run("phtest(m_within, m_random)", env)),
    pF_individual = htest_obj(run("pFtest(m_within, m_pooling)", env)),
    pF_twoways = htest_obj(run("pFtest(m_within_twoways, m_pooling)", env)),
    bp_individual = htest_obj(run('plmtest(m_pooling, effect = "individual", type = "bp")', env)),
    bp_time = htest_obj(run('plmtest(m_pooling, effect = "time", type = "bp")', env)),
    bp_twoways = htest_obj(run('plmtest(m_pooling, effect = "twoways", type = "bp")', env))
  )
  # The classic statistic without abs(): phtest() reports abs(d' (V_FE - V_RE)^-1 d).
  r <- run(paste(
    "local({ b <- coef(m_within); d <- b - coef(m_random)[names(b)];",
    "V <- vcov(m_within) - vcov(m_random)[names(b), names(b)];",
    "drop(t(d) %*% solve(V, d)) })"), env)
  tests$hausman_classic_signed <- list(call = r$call, statistic = r$value,
                                       df = list(length(coef(env$m_within))), df_names = "df")
  # Regression-based (Wooldridge 2010, sec. 10.7.3) Hausman test: RE quasi-demeaned regression
  # augmented with the within-demeaned regressors, cluster-robust Wald test on the latter.
  # phtest(method = "aux") drops the quasi-demeaned constant (1 - theta_i) and fits a plain
  # intercept instead (model.matrix(re_mod, cstcovar.rm = "intercept")); that is the same
  # regression only when theta is one number (balanced panels). "hausman_auxtheta_*" below is
  # Wooldridge's regression written out with the (1 - theta_i) column.
  idx_cols <- paste0('"', ds$index, '"', collapse = ", ")
  k_w <- length(coef(env$m_within))
  auxd_text <- sprintf(paste(
    'auxd <- local({ X <- model.matrix(m_random);',
    'colnames(X) <- c("const_qd", paste0("x", seq_len(ncol(X) - 1)));',
    'W <- model.matrix(m_within, cstcovar.rm = "all"); colnames(W) <- paste0("w", seq_len(ncol(W)));',
    'pdata.frame(data.frame(index(m_random), y = pmodel.response(m_random), X, W),',
    'index = c(%s)) })'), idx_cols)
  eval(parse(text = auxd_text), envir = env)
  # With one theta the (1 - theta) column is constant, and vcovG's model.matrix(cstcovar.rm =
  # "all") would silently drop it from the sandwich; a plain intercept spans the same space.
  const_term <- if (diff(range(env$auxd$const_qd)) < 1e-12) "1" else "0 + const_qd"
  aux_text <- sprintf('m_auxtheta <- plm(y ~ %s + %s + %s, data = auxd, model = "pooling")',
                      const_term, paste0("x", seq_len(k_w), collapse = " + "),
                      paste0("w", seq_len(k_w), collapse = " + "))
  eval(parse(text = aux_text), envir = env)
  for (type in c("HC0", "HC1", "sss")) {
    r <- run(sprintf(paste(
      'local({ w <- paste0("w", seq_len(%d)); V <- vcovHC(m_auxtheta, method = "arellano",',
      'type = "%s", cluster = "group")[w, w]; b <- coef(m_auxtheta)[w]; drop(b %%*%% solve(V, b)) })'),
      k_w, type), env)
    tests[[paste0("hausman_auxtheta_", type)]] <- list(
      call = c(auxd_text, aux_text, r$call),
      statistic = r$value, df = list(k_w), df_names = "df",
      p_value = pchisq(r$value, df = k_w, lower.tail = FALSE),
      method = "Wooldridge (2010) 10.7.3 with the quasi-demeaned constant; Wald chi2 on W")
  }
  for (type in c("HC0", "HC1", "sss")) {
    tests[[paste0("hausman_aux_", type)]] <- htest_obj(run(sprintf(
      'phtest(%s, data = pd, model = c("within", "random"), method = "aux", vcov = %s)',
      f, cl(type)), env))
  }
  # Mundlak (1978) device: pooled OLS of y on x and the entity means of x (over the estimation
  # sample), cluster-robust Wald test that the coefficients on the means are zero.
  mund_text <- sprintf(paste(
    'mund <- local({ X <- model.matrix(m_pooling)[, -1, drop = FALSE];',
    'colnames(X) <- paste0("x", seq_len(ncol(X)));',
    'M <- apply(X, 2, function(col) ave(col, index(m_pooling)[[1]]));',
    'colnames(M) <- paste0("mean", seq_len(ncol(X)));',
    'pdata.frame(data.frame(index(m_pooling), y = pmodel.response(m_pooling), X, M),',
    'index = c(%s)) })'), idx_cols)
  eval(parse(text = mund_text), envir = env)
  # (the restricted model is fitted here, not by waldtest's update(), which would look for
  # `mund` in the global environment)
  mund_fit <- sprintf(paste(
    'm_mundlak <- plm(y ~ %s + %s, data = mund, model = "pooling");',
    'm_mundlak_r <- plm(y ~ %s, data = mund, model = "pooling")'),
    paste0("x", seq_len(k_w), collapse = " + "), paste0("mean", seq_len(k_w), collapse = " + "),
    paste0("x", seq_len(k_w), collapse = " + "))
  eval(parse(text = mund_fit), envir = env)
  for (type in c("HC0", "HC1", "sss")) {
    r <- run(sprintf('waldtest(m_mundlak, m_mundlak_r, vcov = %s, test = "Chisq")', cl(type)),
             env)
    tests[[paste0("mundlak_pooled_", type)]] <- if (!is.null(r$error))
      list(call = c(mund_text, mund_fit, r$call), error = r$error)
    else list(call = c(mund_text, mund_fit, r$call), statistic = r$value$Chisq[2],
              df = list(abs(r$value$Df[2])), df_names = "df",
              p_value = r$value[["Pr(>Chisq)"]][2],
              method = "Mundlak: pooled OLS of y on x and entity means of x; Wald chi2 on the means")
  }

  results[[ds_name]] <- list(
    file = ds$file, index = ds$index, formula = ds$formula,
    nrow = nrow(raw), vcovSCC_default_maxlag = maxlag_default,
    setup = c(sprintf('pd <- pdata.frame(read.csv("%s", stringsAsFactors = FALSE), index = c("%s"))',
                      ds$file, paste(ds$index, collapse = '", "')), ds$prepare),
    models = models, tests = tests
  )
}

out <- list(
  generated_by = "tests/models/r/plm_reference.R",
  regenerate = "Rscript tests/models/r/plm_reference.R",
  r_version = R.version.string,
  packages = list(plm = as.character(packageVersion("plm")),
                  sandwich = as.character(packageVersion("sandwich")),
                  lmtest = as.character(packageVersion("lmtest")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  conventions = list(
    unadjusted = "vcov(m): sigma2 (X'X)^-1 of the transformed model, sigma2 = RSS / df.residual (within: df = N - n_entities - k)",
    HC0 = "no small-sample factor",
    HC1 = "N / (N - k), k = columns of the transformed model matrix (within: slopes only, the absorbed effects are not counted)",
    sss = "G / (G - 1) * (N - 1) / (N - k), G = number of clusters (white1: G = N), k as for HC1",
    double = "vcovDC = V(group) + V(time) - V(white1), each term with its own factor",
    scc = "vcovSCC (Driscoll-Kraay): time clusters, Bartlett weights 1 - j/(maxlag + 1), j = 1..maxlag",
    fd = "fd estimated without intercept (formula - 1); plm differences consecutive rows of an entity",
    random = "Swamy-Arora variance components (random.method = 'swar'); unadjusted SEs from the GLS model"
  ),
  datasets = results
)
write_json(out, out_json, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null", na = "null")
cat("wrote", out_json, "\n")
