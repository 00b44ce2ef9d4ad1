/**
 * Search spaces: the distributions of parameters (float, int, categorical, on linear, log or
 * logit scales, with steps) and their internal representation. Layer: the bottom of the core; every
 * other package uses it.
 */
package io.paratune.space;
