import { namedActivation } from './activation.js';

export const sigmoid = namedActivation('sigmoid', 'logistic activation, values in (0, 1)', { low: 0, high: 1 }, [{ input: [7, 7, 3], options: {} }]);
