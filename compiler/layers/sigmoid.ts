import { namedActivation } from './activation.js';

export const sigmoid = namedActivation('sigmoid', 'logistic activation, values in (0, 1)');
