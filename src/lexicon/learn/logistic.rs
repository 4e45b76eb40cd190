//! Sparse logistic regression: L1 or elastic-net penalised, fitted by coordinate descent.
//!
//! Minimises, over weights `w` and an unpenalised intercept `b`,
//!
//! ```text
//! (1/n) sum_i log(1 + exp(-s_i (x_i . w + b)))  +  l1 |w|_1  +  (l2 / 2) |w|_2^2
//! ```
//!
//! with `s_i` = +1 for answers with the label and -1 for the others. Each step minimises a
//! one-variable quadratic model of the loss around the current weight with the L1 term kept exact
//! (a soft-thresholded Newton step), then backtracks until the objective falls enough (Armijo):
//! the "CDN" method of Yuan, Chang, Hsieh and Lin (JMLR 2010), as in liblinear's L1 solvers.
//! Sweeps alternate between every feature and only the non-zero ones (glmnet's active set), and a
//! regularisation path is fitted from the largest penalty down with warm starts.
//!
//! linfa-logistic fits only L2-penalised models, so this small solver is written here: exact zeros
//! are what make a learned lexicon short enough to read.

/// A sparse matrix stored by column: for each feature, the (row, value) pairs where it is non-zero.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    /// Number of rows (answers).
    pub rows: usize,
    /// Per feature, its non-zero entries in row order.
    pub cols: Vec<Vec<(u32, f64)>>,
}

impl Columns {
    /// Builds the column store from rows of (feature, value) pairs, keeping only `rows_used` (in
    /// that order) and `dims` features.
    pub fn from_rows(rows: &[Vec<(usize, f64)>], rows_used: &[usize], dims: usize) -> Columns {
        let mut cols: Vec<Vec<(u32, f64)>> = vec![Vec::new(); dims];
        for (r, &i) in rows_used.iter().enumerate() {
            for &(j, v) in &rows[i] {
                if j < dims && v != 0.0 {
                    cols[j].push((r as u32, v));
                }
            }
        }
        Columns {
            rows: rows_used.len(),
            cols,
        }
    }
}

/// A fitted model: weights per feature and the intercept.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Model {
    /// Weight of each feature (exactly 0 for features the penalty removed).
    pub w: Vec<f64>,
    /// Intercept.
    pub b: f64,
}

#[cfg(test)]
impl Model {
    /// Non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.w.iter().filter(|v| **v != 0.0).count()
    }
}

/// Penalties of one fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Penalty {
    /// L1 strength.
    pub l1: f64,
    /// L2 strength.
    pub l2: f64,
}

impl Penalty {
    /// Elastic net at overall strength `lambda` with `l1_ratio` of it on the L1 term.
    pub fn elastic(lambda: f64, l1_ratio: f64) -> Penalty {
        let r = l1_ratio.clamp(0.0, 1.0);
        Penalty {
            l1: lambda * r,
            l2: lambda * (1.0 - r),
        }
    }
}

/// Settings of the solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Solver {
    /// Stop when no weight moved by more than this in a sweep (in units of the weights).
    pub tolerance: f64,
    /// Most sweeps over all features.
    pub max_sweeps: usize,
    /// Whether to fit an intercept (else it stays at its starting value).
    pub intercept: bool,
}

impl Default for Solver {
    fn default() -> Self {
        Solver {
            tolerance: 1e-2,
            max_sweeps: 100,
            intercept: true,
        }
    }
}

/// `log(1 + exp(-z))`, without overflow.
#[cfg(test)]
fn log_loss(z: f64) -> f64 {
    if z > 0.0 {
        (-z).exp().ln_1p()
    } else {
        -z + z.exp().ln_1p()
    }
}

/// The logistic function.
fn sigmoid(m: f64) -> f64 {
    if m >= 0.0 {
        1.0 / (1.0 + (-m).exp())
    } else {
        let e = m.exp();
        e / (1.0 + e)
    }
}

/// The intercept that fits label frequencies when every weight is zero (log-odds, clamped).
pub(crate) fn base_intercept(y: &[bool]) -> f64 {
    let n = y.len().max(1) as f64;
    let p = (y.iter().filter(|&&t| t).count() as f64 + 0.5) / (n + 1.0);
    (p / (1.0 - p)).ln()
}

/// The smallest penalty at which every weight is zero (for the L1 part, at `l1_ratio`).
pub(crate) fn lambda_max(x: &Columns, y: &[bool], l1_ratio: f64, intercept: bool) -> f64 {
    let n = x.rows.max(1) as f64;
    let b = if intercept { base_intercept(y) } else { 0.0 };
    let p = sigmoid(b);
    let g = x
        .cols
        .iter()
        .map(|col| {
            col.iter()
                .map(|&(i, v)| v * (p - f64::from(u8::from(y[i as usize]))))
                .sum::<f64>()
                .abs()
                / n
        })
        .fold(0.0f64, f64::max);
    g / l1_ratio.max(1e-3)
}

/// Per-answer quantities kept up to date during a fit: the margin `x_i . w + b`, the predicted
/// probability of the label, and the loss `log(1 + exp(-s_i margin))`.
struct State {
    margin: Vec<f64>,
    p: Vec<f64>,
    loss: Vec<f64>,
    sign: Vec<f64>,
    target: Vec<f64>,
    inv_n: f64,
    /// Scratch: (probability, loss) of the rows of a trial step.
    trial: Vec<(f64, f64)>,
}

/// Probability and loss of one answer at margin `m` with sign `s`, from one exponential.
fn eval(m: f64, s: f64) -> (f64, f64) {
    let e = (-m.abs()).exp();
    let p = if m >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    // log(1 + exp(-z)) with z = s m: log1p(e) when z >= 0, and -z + log1p(e) otherwise.
    let z = s * m;
    (p, e.ln_1p() + (-z).max(0.0))
}

impl State {
    fn new(x: &Columns, y: &[bool], model: &Model) -> State {
        let n = x.rows;
        let mut margin = vec![model.b; n];
        for (j, col) in x.cols.iter().enumerate() {
            let wj = model.w[j];
            if wj != 0.0 {
                for &(i, v) in col {
                    margin[i as usize] += wj * v;
                }
            }
        }
        let sign: Vec<f64> = y.iter().map(|&t| if t { 1.0 } else { -1.0 }).collect();
        let (p, loss) = margin.iter().zip(&sign).map(|(&m, &s)| eval(m, s)).unzip();
        State {
            margin,
            p,
            loss,
            sign,
            target: y.iter().map(|&t| f64::from(u8::from(t))).collect(),
            inv_n: 1.0 / n.max(1) as f64,
            trial: Vec::new(),
        }
    }
}

/// Fits one model from `start` (warm start) at `penalty`.
pub(crate) fn fit(
    x: &Columns,
    y: &[bool],
    penalty: Penalty,
    start: Model,
    solver: Solver,
) -> Model {
    let mut model = start;
    model.w.resize(x.cols.len(), 0.0);
    if x.rows == 0 {
        return model;
    }
    let mut st = State::new(x, y, &model);
    let all: Vec<usize> = (0..x.cols.len())
        .filter(|&j| !x.cols[j].is_empty())
        .collect();
    let mut active_only = false;
    for _sweep in 0..solver.max_sweeps {
        let mut largest = 0.0f64;
        if solver.intercept {
            largest = largest.max(intercept_step(&mut model.b, &mut st));
        }
        for &j in &all {
            if active_only && model.w[j] == 0.0 {
                continue;
            }
            let step = coordinate_step(&x.cols[j], &mut model.w[j], &mut st, penalty);
            largest = largest.max(step);
        }
        if largest < solver.tolerance {
            if !active_only {
                break; // converged over every feature
            }
            active_only = false; // check every feature once more
        } else {
            active_only = true;
        }
    }
    model
}

/// One Newton step on the intercept with backtracking; returns how far it moved.
fn intercept_step(b: &mut f64, st: &mut State) -> f64 {
    let (mut g, mut h) = (0.0, 0.0);
    for (p, t) in st.p.iter().zip(&st.target) {
        g += p - t;
        h += p * (1.0 - p);
    }
    g *= st.inv_n;
    h = h * st.inv_n + 1e-12;
    let d = -g / h;
    if d == 0.0 {
        return 0.0;
    }
    let before: f64 = st.loss.iter().sum::<f64>() * st.inv_n;
    let mut t = 1.0;
    for _ in 0..30 {
        let step = t * d;
        st.trial.clear();
        st.trial.extend(
            st.margin
                .iter()
                .zip(&st.sign)
                .map(|(&m, &s)| eval(m + step, s)),
        );
        let after: f64 = st.trial.iter().map(|x| x.1).sum::<f64>() * st.inv_n;
        if after - before <= 0.01 * t * g * d {
            for (i, &(p, loss)) in st.trial.iter().enumerate() {
                st.margin[i] += step;
                st.p[i] = p;
                st.loss[i] = loss;
            }
            *b += step;
            return step.abs();
        }
        t *= 0.5;
    }
    0.0
}

/// One soft-thresholded Newton step on weight `w` of a feature with backtracking; returns how
/// far the weight moved.
fn coordinate_step(col: &[(u32, f64)], w: &mut f64, st: &mut State, pen: Penalty) -> f64 {
    let (mut g, mut h) = (0.0, 0.0);
    for &(i, v) in col {
        let p = st.p[i as usize];
        g += v * (p - st.target[i as usize]);
        h += v * v * p * (1.0 - p);
    }
    g = g * st.inv_n + pen.l2 * *w;
    h = h * st.inv_n + pen.l2 + 1e-12;
    let d = if g + pen.l1 <= h * *w {
        -(g + pen.l1) / h
    } else if g - pen.l1 >= h * *w {
        -(g - pen.l1) / h
    } else {
        -*w
    };
    if d.abs() < 1e-14 {
        return 0.0;
    }
    let old = *w;
    let penalty = |x: f64| pen.l1 * x.abs() + 0.5 * pen.l2 * x * x;
    // The predicted decrease (Armijo's reference), with the L1 term exact.
    let delta = (g - pen.l2 * old) * d + penalty(old + d) - penalty(old);
    let mut t = 1.0;
    for _ in 0..30 {
        let mut step = t * d;
        // Snap to exact zero when the step lands on it.
        if (old + step).abs() < 1e-12 {
            step = -old;
        }
        let mut change = penalty(old + step) - penalty(old);
        st.trial.clear();
        for &(i, v) in col {
            let i = i as usize;
            let (p, loss) = eval(st.margin[i] + step * v, st.sign[i]);
            change += (loss - st.loss[i]) * st.inv_n;
            st.trial.push((p, loss));
        }
        if change <= 0.01 * t * delta {
            for (&(i, v), &(p, loss)) in col.iter().zip(&st.trial) {
                let i = i as usize;
                st.margin[i] += step * v;
                st.p[i] = p;
                st.loss[i] = loss;
            }
            *w = old + step;
            return step.abs();
        }
        t *= 0.5;
    }
    0.0
}

/// Fits models along a path of penalties, largest first, each warm-started from the previous.
pub(crate) fn path(
    x: &Columns,
    y: &[bool],
    lambdas: &[f64],
    l1_ratio: f64,
    solver: Solver,
) -> Vec<Model> {
    let mut current = Model {
        w: vec![0.0; x.cols.len()],
        b: if solver.intercept {
            base_intercept(y)
        } else {
            0.0
        },
    };
    let mut out = Vec::with_capacity(lambdas.len());
    for &lambda in lambdas {
        current = fit(x, y, Penalty::elastic(lambda, l1_ratio), current, solver);
        out.push(current.clone());
    }
    out
}

/// `count` penalties from `lambda_max` down to `lambda_max * ratio`, evenly spaced in log scale.
pub(crate) fn lambda_grid(lambda_max: f64, ratio: f64, count: usize) -> Vec<f64> {
    let count = count.max(1);
    let top = if lambda_max > 0.0 { lambda_max } else { 1.0 };
    (0..count)
        .map(|k| {
            let f = if count == 1 {
                0.0
            } else {
                k as f64 / (count - 1) as f64
            };
            top * ratio.powf(f)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The penalised objective of a model, for checking optimality.
    fn objective(x: &Columns, y: &[bool], m: &Model, pen: Penalty) -> f64 {
        let mut margin = vec![m.b; x.rows];
        for (j, col) in x.cols.iter().enumerate() {
            for &(i, v) in col {
                margin[i as usize] += m.w[j] * v;
            }
        }
        let loss: f64 = margin
            .iter()
            .zip(y)
            .map(|(mm, &t)| log_loss(if t { *mm } else { -*mm }))
            .sum::<f64>()
            / x.rows as f64;
        loss + pen.l1 * m.w.iter().map(|w| w.abs()).sum::<f64>()
            + 0.5 * pen.l2 * m.w.iter().map(|w| w * w).sum::<f64>()
    }

    fn zero(dims: usize) -> Model {
        Model {
            w: vec![0.0; dims],
            b: 0.0,
        }
    }

    /// Rows where feature 0 marks the label, features 1 and 2 are noise seen in both classes.
    fn toy() -> (Columns, Vec<bool>) {
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for i in 0..40 {
            let positive = i % 2 == 0;
            let mut r = Vec::new();
            if positive {
                r.push((0, 1.0));
            }
            if i % 3 == 0 {
                r.push((1, 1.0));
            }
            if i % 5 < 2 {
                r.push((2, 2.0));
            }
            rows.push(r);
            y.push(positive);
        }
        let used: Vec<usize> = (0..rows.len()).collect();
        (Columns::from_rows(&rows, &used, 3), y)
    }

    #[test]
    fn separable_problem_is_separated_with_a_growing_weight() {
        let (x, y) = toy();
        let weak = fit(
            &x,
            &y,
            Penalty::elastic(0.01, 1.0),
            zero(3),
            Solver::default(),
        );
        let weaker = fit(
            &x,
            &y,
            Penalty::elastic(0.001, 1.0),
            zero(3),
            Solver::default(),
        );
        for m in [&weak, &weaker] {
            let mut margin = vec![m.b; x.rows];
            for (j, col) in x.cols.iter().enumerate() {
                for &(i, v) in col {
                    margin[i as usize] += m.w[j] * v;
                }
            }
            for (mm, t) in margin.iter().zip(&y) {
                assert_eq!(*mm > 0.0, *t, "{m:?}");
            }
        }
        // Separable data: less penalty, larger weight on the marker.
        assert!(
            weaker.w[0] > weak.w[0] && weak.w[0] > 2.0,
            "{weak:?} {weaker:?}"
        );
    }

    #[test]
    fn l1_zeroes_the_features_that_carry_no_signal() {
        let (x, y) = toy();
        let m = fit(
            &x,
            &y,
            Penalty::elastic(0.02, 1.0),
            zero(3),
            Solver::default(),
        );
        assert!(m.w[0] > 0.0);
        assert_eq!((m.w[1], m.w[2]), (0.0, 0.0), "{m:?}");
        // Above lambda_max nothing survives; just below it the marker enters first.
        let top = lambda_max(&x, &y, 1.0, true);
        let none = fit(
            &x,
            &y,
            Penalty::elastic(top * 1.01, 1.0),
            zero(3),
            Solver::default(),
        );
        assert_eq!(none.nonzero(), 0, "{none:?}");
        let first = fit(
            &x,
            &y,
            Penalty::elastic(top * 0.9, 1.0),
            zero(3),
            Solver::default(),
        );
        assert_eq!(first.nonzero(), 1);
        assert!(first.w[0] > 0.0);
        // Pure L2 keeps every weight (none is exactly zero).
        let ridge = fit(
            &x,
            &y,
            Penalty::elastic(0.02, 0.0),
            zero(3),
            Solver::default(),
        );
        assert_eq!(ridge.nonzero(), 3, "{ridge:?}");
    }

    #[test]
    fn the_fit_is_a_minimum_of_the_objective() {
        let (x, y) = toy();
        let pen = Penalty::elastic(0.01, 0.5);
        let m = fit(
            &x,
            &y,
            pen,
            zero(3),
            Solver {
                tolerance: 1e-9,
                ..Solver::default()
            },
        );
        let best = objective(&x, &y, &m, pen);
        // No small move of any coordinate lowers the objective.
        for j in 0..4 {
            for delta in [-1e-3, 1e-3] {
                let mut other = m.clone();
                if j == 3 {
                    other.b += delta;
                } else {
                    other.w[j] += delta;
                }
                assert!(
                    objective(&x, &y, &other, pen) >= best - 1e-12,
                    "{j} {delta}"
                );
            }
        }
    }

    #[test]
    fn path_is_sparser_at_larger_penalties_and_deterministic() {
        let (x, y) = toy();
        let grid = lambda_grid(lambda_max(&x, &y, 1.0, true), 1e-3, 8);
        assert!(grid.windows(2).all(|w| w[0] > w[1]));
        let models = path(&x, &y, &grid, 1.0, Solver::default());
        let nnz: Vec<usize> = models.iter().map(Model::nonzero).collect();
        assert_eq!(nnz[0], 0);
        assert!(nnz.windows(2).all(|w| w[0] <= w[1] + 1), "{nnz:?}");
        assert!(*nnz.last().unwrap_or(&0) >= 1);
        assert_eq!(models, path(&x, &y, &grid, 1.0, Solver::default()));
    }

    #[test]
    fn intercept_alone_fits_the_label_rate() {
        let x = Columns {
            rows: 10,
            cols: vec![Vec::new()],
        };
        let y: Vec<bool> = (0..10).map(|i| i < 2).collect();
        let m = fit(
            &x,
            &y,
            Penalty::elastic(0.1, 1.0),
            zero(1),
            Solver::default(),
        );
        assert!((sigmoid(m.b) - 0.2).abs() < 1e-3, "{m:?}");
    }

    #[test]
    fn stable_loss_at_extremes() {
        assert!(log_loss(1000.0) >= 0.0 && log_loss(1000.0) < 1e-300);
        assert!((log_loss(-1000.0) - 1000.0).abs() < 1e-9);
        assert!((log_loss(0.0) - 2f64.ln()).abs() < 1e-12);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
    }
}
