import { namedActivation } from './activation.js';

export const tanh = namedActivation('tanh', 'hyperbolic tangent activation, values in (-1, 1)', { low: -1, high: 1 }, [{ input: [12], options: {} }]);
