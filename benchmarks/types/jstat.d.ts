// Types for the part of jstat 1.9.6 that orthobench uses (the package ships none).
declare module 'jstat' {
  interface JStatChiSquare {
    cdf(x: number, degreesOfFreedom: number): number;
  }
  interface JStatNormal {
    cdf(x: number, mean: number, sd: number): number;
    inv(p: number, mean: number, sd: number): number;
  }
  interface JStatStatic {
    chisquare: JStatChiSquare;
    normal: JStatNormal;
  }
  const jStat: JStatStatic;
  export default jStat;
}
