"""The problems of the real-model suite: a scikit-learn model, a small public data set, a mixed
search space (log floats, small int ranges, categoricals, conditional parameters) and a validation
loss to minimise.

This module is the one definition of each problem. `model_server.py --describe` prints the search
spaces as JSON for the benchmark command, which writes them into study files; the server builds and
cross-validates the models. Importing this module does not import scikit-learn: only `load` and
`evaluate` do, so `--describe` works anywhere.

Every loss is deterministic for given parameters: fixed folds (shuffled once with seed 0) and
`random_state=0` for every model that draws random numbers.
"""

import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(HERE, "data")
# the digits data set is shipped once, with the XGBoost example (same file as scikit-learn's)
DIGITS = os.path.join(REPO, "examples", "digits-xgboost", "src", "main", "resources", "io", "paratune",
                      "examples", "digits", "digits.csv.gz")
FOLDS = 3


def floating(low, high, log=False, logit=False, when=None):
    spec = {"type": "float", "low": low, "high": high, "log": log}
    if logit:
        spec["logit"] = True  # a scale Paratune has and Optuna lacks: peers without it use a linear one
    return _param(spec, when)


def integer(low, high, log=False, when=None):
    return _param({"type": "int", "low": low, "high": high, "log": log}, when)


def categorical(choices, when=None):
    return _param({"type": "categorical", "choices": list(choices)}, when)


def _param(spec, when):
    if when:
        spec["when"] = {k: (v if isinstance(v, list) else [v]) for k, v in when.items()}
    return spec


class Problem:
    """One tuning problem; `space` maps each parameter name to its study-file settings, in order."""

    def __init__(self, name, data, model, loss, space, build, note=""):
        self.name = name
        self.data = data
        self.model = model
        self.loss = loss
        self.space = space
        self.build = build
        self.note = note

    def describe(self):
        return {"name": self.name, "data": self.data, "model": self.model, "loss": self.loss,
                "folds": FOLDS, "note": self.note,
                "search_space": [dict(name=k, **v) for k, v in self.space.items()]}


# ---- data sets: (X, y, task); each loaded once per server ----

def _csv_with_header(file):
    import numpy as np
    table = np.loadtxt(os.path.join(DATA, file), delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1].astype(int)


def load_data(name):
    import numpy as np
    if name == "digits":
        table = np.loadtxt(DIGITS, delimiter=",")
        return table[:, :-1] / 16.0, table[:, -1].astype(int), "classification"
    if name == "wine":
        x, y = _csv_with_header("wine_data.csv")
        return x, y, "classification"
    if name == "breast-cancer":
        x, y = _csv_with_header("breast_cancer.csv")
        return x, y, "classification"
    if name == "diabetes":
        # shipped inside scikit-learn (sklearn/datasets/data), read without any download
        from sklearn.datasets import load_diabetes
        x, y = load_diabetes(return_X_y=True)
        return x, (y - y.mean()) / y.std(), "regression"
    raise ValueError("unknown data set " + name)


# ---- models ----

def _scaled(model):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), model)


def _svm(p):
    from sklearn.svm import SVC
    return SVC(C=p["C"], kernel=p["kernel"], gamma=p.get("gamma", "scale"), degree=p.get("degree", 3),
               coef0=p.get("coef0", 0.0))


def _tree(p):
    from sklearn.tree import DecisionTreeClassifier
    return DecisionTreeClassifier(criterion=p["criterion"], splitter=p["splitter"], max_depth=p["max_depth"],
                                  min_samples_split=p["min_samples_split"],
                                  min_samples_leaf=p["min_samples_leaf"],
                                  max_features=None if p["max_features"] == "all" else p["max_features"],
                                  class_weight=None if p["class_weight"] == "none" else p["class_weight"],
                                  random_state=0)


def _tree_fractions(p):
    from sklearn.tree import DecisionTreeClassifier
    return DecisionTreeClassifier(max_depth=p["max_depth"], min_samples_split=p["min_samples_split"],
                                  min_samples_leaf=p["min_samples_leaf"],
                                  min_weight_fraction_leaf=p["min_weight_fraction_leaf"],
                                  max_features=p["max_features"], min_impurity_decrease=p["min_impurity_decrease"],
                                  random_state=0)


def _forest(p):
    from sklearn.ensemble import RandomForestClassifier
    return RandomForestClassifier(n_estimators=p["n_estimators"], criterion=p["criterion"],
                                  max_depth=p["max_depth"], min_samples_leaf=p["min_samples_leaf"],
                                  max_features=p["max_features"], bootstrap=p["bootstrap"], random_state=0)


def _mlp(p):
    from sklearn.neural_network import MLPClassifier
    return _scaled(MLPClassifier(hidden_layer_sizes=(p["units"],) * p["layers"], activation=p["activation"],
                                 alpha=p["alpha"], learning_rate_init=p["learning_rate_init"],
                                 batch_size=p["batch_size"], max_iter=100, random_state=0))


def _adaboost(p):
    from sklearn.ensemble import AdaBoostClassifier
    from sklearn.tree import DecisionTreeClassifier
    return AdaBoostClassifier(DecisionTreeClassifier(max_depth=p["max_depth"], random_state=0),
                              n_estimators=p["n_estimators"], learning_rate=p["learning_rate"],
                              algorithm=p["algorithm"], random_state=0)


def _knn(p):
    from sklearn.decomposition import PCA
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    return make_pipeline(PCA(n_components=p["pca_components"], svd_solver="full"),
                         KNeighborsClassifier(n_neighbors=p["n_neighbors"], weights=p["weights"], p=p["p"]))


def _lasso(p):
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler
    return make_pipeline(PolynomialFeatures(degree=p["degree"], interaction_only=p.get("interaction_only", False),
                                            include_bias=False),
                         StandardScaler(),
                         Lasso(alpha=p["alpha"], selection=p["selection"], max_iter=5000, random_state=0))


ERROR = "1 - accuracy"
MSE = "mean squared error of the standardised target"

PROBLEMS = [
    Problem("svm-digits", "digits", "SVC", ERROR, {
        "C": floating(1e-2, 1e3, log=True),
        "kernel": categorical(["rbf", "poly", "linear", "sigmoid"]),
        "gamma": floating(1e-4, 1.0, log=True, when={"kernel": ["rbf", "poly", "sigmoid"]}),
        "degree": integer(2, 5, when={"kernel": "poly"}),
        "coef0": floating(0.0, 1.0, when={"kernel": ["poly", "sigmoid"]}),
    }, _svm, "pixels scaled to [0, 1]"),
    Problem("tree-breast-cancer", "breast-cancer", "DecisionTreeClassifier", ERROR, {
        "criterion": categorical(["gini", "entropy", "log_loss"]),
        "splitter": categorical(["best", "random"]),
        "max_depth": integer(1, 10),
        "min_samples_split": integer(2, 20),
        "min_samples_leaf": integer(1, 10),
        "max_features": categorical(["sqrt", "log2", "all"]),
        "class_weight": categorical(["none", "balanced"]),
    }, _tree),
    Problem("tree-fractions-breast-cancer", "breast-cancer", "DecisionTreeClassifier", ERROR, {
        "max_depth": integer(1, 15),
        "min_samples_split": floating(0.01, 0.99, logit=True),
        "min_samples_leaf": floating(0.01, 0.49, logit=True),
        "min_weight_fraction_leaf": floating(0.01, 0.49, logit=True),
        "max_features": floating(0.01, 0.99, logit=True),
        "min_impurity_decrease": floating(0.0, 0.5),
    }, _tree_fractions, "the decision-tree space of the Bayesmark benchmark: fractions on a logit scale"),
    Problem("forest-breast-cancer", "breast-cancer", "RandomForestClassifier", ERROR, {
        "n_estimators": integer(5, 60, log=True),
        "criterion": categorical(["gini", "entropy"]),
        "max_depth": integer(1, 12),
        "min_samples_leaf": integer(1, 10),
        "max_features": floating(0.05, 1.0),
        "bootstrap": categorical([True, False]),
    }, _forest),
    Problem("mlp-wine", "wine", "MLPClassifier", ERROR, {
        "units": integer(4, 64, log=True),
        "layers": integer(1, 3),
        "activation": categorical(["relu", "tanh", "logistic"]),
        "alpha": floating(1e-6, 1e-1, log=True),
        "learning_rate_init": floating(1e-4, 1e-1, log=True),
        "batch_size": categorical([16, 32, 64]),
    }, _mlp, "features standardised inside each fold; adam, 100 epochs"),
    Problem("adaboost-wine", "wine", "AdaBoostClassifier", ERROR, {
        "n_estimators": integer(10, 100, log=True),
        "learning_rate": floating(1e-2, 2.0, log=True),
        "max_depth": integer(1, 3),
        "algorithm": categorical(["SAMME", "SAMME.R"]),
    }, _adaboost, "decision-tree base learners of the given depth"),
    Problem("knn-digits", "digits", "KNeighborsClassifier", ERROR, {
        "pca_components": integer(2, 64, log=True),
        "n_neighbors": integer(1, 30),
        "weights": categorical(["uniform", "distance"]),
        "p": integer(1, 2),
    }, _knn, "PCA to the given number of components first"),
    Problem("lasso-diabetes", "diabetes", "Lasso", MSE, {
        "degree": integer(1, 2),
        "interaction_only": categorical([True, False], when={"degree": 2}),
        "alpha": floating(1e-5, 1.0, log=True),
        "selection": categorical(["cyclic", "random"]),
    }, _lasso, "polynomial features of the given degree, standardised, then the lasso"),
]

BY_NAME = {p.name: p for p in PROBLEMS}


def import_models():
    """Imports every scikit-learn module the problems use, so that forked evaluations need not."""
    import sklearn.decomposition, sklearn.ensemble, sklearn.linear_model, sklearn.model_selection  # noqa: F401
    import sklearn.neighbors, sklearn.neural_network, sklearn.pipeline, sklearn.preprocessing  # noqa: F401
    import sklearn.svm, sklearn.tree  # noqa: F401


def evaluate(problem, params, data):
    """The validation loss of `problem` at `params` (already typed) on `data` = (X, y, task)."""
    import warnings
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
    x, y, task = data
    model = problem.build(params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence warnings are part of tuning, not failures
        if task == "classification":
            folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
            return 1.0 - float(cross_val_score(model, x, y, cv=folds, scoring="accuracy").mean())
        folds = KFold(n_splits=FOLDS, shuffle=True, random_state=0)
        return float(-cross_val_score(model, x, y, cv=folds, scoring="neg_mean_squared_error").mean())


def typed(problem, raw):
    """Checks raw (string) parameters against the problem's space and converts them.

    Returns (params, issues): `issues` lists every parameter that is missing, unexpected, outside its
    range or not one of its choices; an empty list means the point lies in the search space.
    """
    params, issues = {}, []
    for name, spec in problem.space.items():
        active = all(str(params.get(k, object())) in [str(c) for c in allowed]
                     for k, allowed in spec.get("when", {}).items())
        if name not in raw:
            if active:
                issues.append("%s is missing" % name)
            continue
        if not active:
            issues.append("%s=%s is given although its condition %s does not hold" % (name, raw[name],
                                                                                        spec["when"]))
            continue
        text = raw[name]
        try:
            if spec["type"] == "categorical":
                matches = [c for c in spec["choices"] if _same_choice(c, text)]
                if not matches:
                    raise ValueError("not one of %s" % spec["choices"])
                params[name] = matches[0]
            elif spec["type"] == "int":
                value = float(text)
                if value != int(value):
                    raise ValueError("not an integer")
                params[name] = int(value)
            else:
                params[name] = float(text)
            if spec["type"] != "categorical" and not spec["low"] <= params[name] <= spec["high"]:
                raise ValueError("outside [%s, %s]" % (spec["low"], spec["high"]))
        except ValueError as e:
            issues.append("%s=%s is %s" % (name, text, e))
    for name in raw:
        if name not in problem.space:
            issues.append("%s is not a parameter of %s" % (name, problem.name))
    return params, issues


def _same_choice(choice, text):
    if isinstance(choice, bool):
        return text.lower() == str(choice).lower()
    if isinstance(choice, (int, float)):
        try:
            return float(text) == float(choice)
        except ValueError:
            return False
    return text == choice
