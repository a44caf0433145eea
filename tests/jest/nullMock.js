// Stands in for canvas-based libraries (lottie) that NutUI's barrel imports but no test renders.
module.exports = {}
