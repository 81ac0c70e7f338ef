/** `bottleneck/light.js`, the build the Octokit plugins import (the same API as `bottleneck`, without Redis). */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
