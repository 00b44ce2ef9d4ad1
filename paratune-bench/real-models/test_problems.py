"""Checks of problems.py that need no scikit-learn: python3 test_problems.py (run by RealModelsPythonTest)."""

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import problems  # noqa: E402


class TypedTest(unittest.TestCase):
    svm = problems.BY_NAME["svm-digits"]
    lasso = problems.BY_NAME["lasso-diabetes"]

    def test_a_point_in_the_space_is_converted_to_its_types(self):
        params, issues = problems.typed(self.svm, {"C": "10.0", "kernel": "poly", "gamma": "1.0e-3",
                                                   "degree": "3", "coef0": "0.5"})
        self.assertEqual(issues, [])
        self.assertEqual(params, {"C": 10.0, "kernel": "poly", "gamma": 1e-3, "degree": 3, "coef0": 0.5})
        self.assertIsInstance(params["degree"], int)

    def test_conditional_parameters_must_be_given_exactly_when_their_condition_holds(self):
        _, issues = problems.typed(self.svm, {"C": "1", "kernel": "linear", "gamma": "0.1"})
        self.assertEqual(len(issues), 1)
        self.assertIn("gamma=0.1 is given although its condition", issues[0])
        _, issues = problems.typed(self.svm, {"C": "1", "kernel": "rbf"})
        self.assertEqual(issues, ["gamma is missing"])
        params, issues = problems.typed(self.lasso, {"degree": "2", "interaction_only": "false", "alpha": "0.01",
                                                     "selection": "cyclic"})
        self.assertEqual(issues, [])
        self.assertIs(params["interaction_only"], False)

    def test_points_outside_the_space_are_named(self):
        _, issues = problems.typed(self.svm, {"C": "5000", "kernel": "rbf", "gamma": "0.1", "tol": "1"})
        self.assertEqual(issues, ["C=5000 is outside [0.01, 1000.0]", "tol is not a parameter of svm-digits"])
        _, issues = problems.typed(self.svm, {"C": "1", "kernel": "cubic"})
        self.assertEqual(issues, ["kernel=cubic is not one of ['rbf', 'poly', 'linear', 'sigmoid']"])
        _, issues = problems.typed(self.svm, {"C": "1", "kernel": "poly", "gamma": "0.1", "degree": "2.5",
                                              "coef0": "0"})
        self.assertEqual(issues, ["degree=2.5 is not an integer"])

    def test_numeric_choices_match_by_value(self):
        mlp = problems.BY_NAME["mlp-wine"]
        params, issues = problems.typed(mlp, {"units": "8", "layers": "1", "activation": "relu", "alpha": "1e-4",
                                              "learning_rate_init": "0.01", "batch_size": "32"})
        self.assertEqual(issues, [])
        self.assertEqual(params["batch_size"], 32)


class DescribeTest(unittest.TestCase):
    def test_describe_lists_every_problem_with_a_mixed_space(self):
        out = subprocess.run([sys.executable, os.path.join(problems.HERE, "model_server.py"), "--describe"],
                             check=True, capture_output=True, text=True).stdout
        described = json.loads(out)
        self.assertEqual([p["name"] for p in described], [p.name for p in problems.PROBLEMS])
        for p in described:
            types = {s["type"] for s in p["search_space"]}
            self.assertGreaterEqual(len(types), 2, p["name"] + ": a mixed space has two kinds of parameter at least")
            self.assertTrue(types & {"int", "float"}, p["name"])
            names = [s["name"] for s in p["search_space"]]
            for s in p["search_space"]:
                for parent in s.get("when", {}):
                    self.assertLess(names.index(parent), names.index(s["name"]), "conditions refer to earlier ones")

    def test_some_problem_has_fractions_on_a_logit_scale(self):
        logit = [p.name for p in problems.PROBLEMS for s in p.space.values() if s.get("logit")]
        self.assertIn("tree-fractions-breast-cancer", logit)
        for p in problems.PROBLEMS:
            for name, s in p.space.items():
                if s.get("logit"):
                    self.assertTrue(0 < s["low"] < s["high"] < 1, name)

    def test_the_data_files_are_there(self):
        for path in (problems.DIGITS, os.path.join(problems.DATA, "wine_data.csv"),
                     os.path.join(problems.DATA, "breast_cancer.csv")):
            self.assertTrue(os.path.isfile(path), path)


if __name__ == "__main__":
    unittest.main()
