/** Residents' feedback (好差评 ratings, messages, usage): the wire model shared by kiosk, server and console. */
export * from './levels';
export * from './phone';
export * from './items';
