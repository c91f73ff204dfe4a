/**
 * The self-reinforcing cycle: deployments generate data by sector (industrial and embodied
 * sectors generate more); part of it flows back to the lab of the model used, through
 * different channels for closed APIs, open weights and domestic industrial integration;
 * data stocks depreciate. Article: "wider adoption leads to more data, which improves model
 * performance, which in turn attracts more users" and "The deployment of AI across
 * manufacturing, logistics, urban infrastructure … generates vast amounts of data that feed
 * back into model development".
 */

/** Fraction of an adopter's data that reaches the model's lab. */
export function feedbackFraction(
  open: boolean,
  domesticIndustrial: boolean,
  apiChannel: number,
  openChannel: number,
  industrialChannel: number,
  integration: number,
): number {
  return (open ? openChannel : apiChannel) + (domesticIndustrial ? industrialChannel * integration : 0);
}

/** Data stock after a month: depreciation, then inflow. */
export function updateDataStock(stock: number, inflow: number, depreciation: number): number {
  return stock * (1 - depreciation) + inflow;
}
